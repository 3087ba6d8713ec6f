using System.Globalization;
using System.Text.RegularExpressions;
using Tollgate.Domain;

namespace Tollgate.Canary.Spec;

/// <summary>Prometheus durations (<c>90s</c>, <c>10m</c>, <c>1h30m</c>): https://prometheus.io/docs/prometheus/latest/querying/basics/#time-durations</summary>
public static partial class PromDuration
{
    /// <summary>The longest duration read (100 years): a canary window, interval or timeout is far shorter.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(36_500);

    public static bool TryParse(string text, out TimeSpan duration) => TryParse(text, out duration, out _);

    /// <summary>False for text that is not a positive duration; <paramref name="tooLong"/> when it is one longer than <see cref="Max"/>.</summary>
    public static bool TryParse(string text, out TimeSpan duration, out bool tooLong)
    {
        duration = TimeSpan.Zero;
        tooLong = false;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            return false;
        }

        var milliseconds = 0m;
        foreach (Capture capture in match.Groups["part"].Captures)
        {
            var part = Part().Match(capture.Value);
            if (!decimal.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1e15m)
            {
                tooLong = true;
                return false;
            }

            milliseconds += n * part.Groups[2].Value switch
            {
                "ms" => 1m,
                "s" => 1_000m,
                "m" => 60_000m,
                "h" => 3_600_000m,
                "d" => 86_400_000m,
                "w" => 7 * 86_400_000m,
                _ => 365 * 86_400_000m,
            };
        }

        if (milliseconds > (decimal)Max.TotalMilliseconds)
        {
            tooLong = true;
            return false;
        }

        duration = TimeSpan.FromMilliseconds((double)milliseconds);
        return duration > TimeSpan.Zero;
    }

    /// <summary>
    /// A positive duration such as 90s, 10m, 24h or 30d, as <paramref name="option"/> gives it; the refusal names the
    /// option and says what is wrong: <c>--timeout 0s</c> is a duration, just not a positive one.
    /// </summary>
    /// <exception cref="InvalidInputException">Not a duration, zero, or longer than <see cref="Max"/>.</exception>
    public static TimeSpan Parse(string text, string option)
    {
        if (TryParse(text, out var duration, out var tooLong))
        {
            return duration;
        }

        throw new InvalidInputException(
            tooLong ? $"{option} {text}: the duration is longer than {Format(Max)}"
            : IsZeroOrNegative(text) ? $"{option} {text}: the duration must be longer than zero"
            : $"{option} {text} is not a duration like 90s, 10m, 24h or 30d");
    }

    /// <summary>True for a duration that is zero (<c>0s</c>, <c>0m0s</c>) or negative (<c>-10m</c>): a duration, just not a positive one.</summary>
    public static bool IsZeroOrNegative(string text)
    {
        var trimmed = text.Trim();
        return Zero().IsMatch(trimmed) || (trimmed.StartsWith('-') && Pattern().IsMatch(trimmed[1..]));
    }

    /// <summary>The shortest Prometheus spelling: 600 s → <c>10m</c>, 90 s → <c>1m30s</c> (<see cref="DurationText.Shortest"/>).</summary>
    public static string Format(TimeSpan duration) => DurationText.Shortest(duration);

    [GeneratedRegex(@"^(?<part>\d+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(\d+)(ms|s|m|h|d|w|y)$")]
    private static partial Regex Part();

    [GeneratedRegex(@"^(0+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex Zero();
}
