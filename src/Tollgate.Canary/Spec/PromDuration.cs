using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Canary.Spec;

/// <summary>Prometheus durations (<c>90s</c>, <c>10m</c>, <c>1h30m</c>): https://prometheus.io/docs/prometheus/latest/querying/basics/#time-durations</summary>
public static partial class PromDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            return false;
        }

        foreach (Capture capture in match.Groups["part"].Captures)
        {
            var part = Part().Match(capture.Value);
            var n = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                "w" => TimeSpan.FromDays(7 * n),
                _ => TimeSpan.FromDays(365 * n),
            };
        }

        return duration > TimeSpan.Zero;
    }

    /// <summary>The shortest Prometheus spelling: 600 s → <c>10m</c>, 90 s → <c>1m30s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.TotalMilliseconds % 1000 != 0)
        {
            return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var seconds = (long)duration.TotalSeconds;
        var text = "";
        foreach (var (unit, size) in (ReadOnlySpan<(string, long)>)[("h", 3600L), ("m", 60L), ("s", 1L)])
        {
            if (seconds >= size)
            {
                text += (seconds / size).ToString(CultureInfo.InvariantCulture) + unit;
                seconds %= size;
            }
        }

        return text.Length == 0 ? "0s" : text;
    }

    [GeneratedRegex(@"^(?<part>\d+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(\d+)(ms|s|m|h|d|w|y)$")]
    private static partial Regex Part();
}
