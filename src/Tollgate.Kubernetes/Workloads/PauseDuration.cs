using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// A canary step's <c>pause.duration</c> as the Argo Rollouts controller reads it (<c>RolloutPause.DurationSeconds</c>,
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/v1alpha1/types.go"/>):
/// a whole number of seconds, written as a number or as text (<c>30</c>, <c>"30"</c>), or a Go duration
/// (<see href="https://pkg.go.dev/time#ParseDuration"/>: <c>30s</c>, <c>1h30m</c>, <c>1.5h</c>, <c>500ms</c>), cut to
/// whole seconds toward zero. Text that is neither it reads as -1 second. Its validation refuses a pause below 0
/// seconds (<c>-5</c>, <c>"-5s"</c>, <c>abc</c>), so 0 and <c>500ms</c> are taken (no wait) and <c>-500ms</c> too.
/// </summary>
internal static partial class PauseDuration
{
    private const double NanosPerSecond = 1e9;

    /// <summary>The seconds Argo reads from <paramref name="text"/>: -1 where it reads no duration.</summary>
    public static long Seconds(string text) => Read(text) ?? -1;

    /// <summary>The seconds <paramref name="text"/> says as Argo reads it (below 0 too), or null where it reads no duration.</summary>
    public static long? Read(string text)
    {
        // strconv.ParseInt(text, 10, 32): an optional sign and decimal digits, in 32 bits ("no unit" is seconds).
        if (Whole().IsMatch(text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        return GoDuration(text) is { } nanos ? (long)Math.Truncate(Math.Clamp(nanos / NanosPerSecond, int.MinValue, int.MaxValue)) : null;
    }

    /// <summary>Go's <c>time.ParseDuration</c>: <c>[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+</c>, or <c>0</c>; nanoseconds, null where Go refuses it.</summary>
    private static double? GoDuration(string text)
    {
        var s = text;
        var negative = s.StartsWith('-');
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            s = s[1..];
        }

        if (s == "0")
        {
            return 0;
        }

        if (s.Length == 0 || GoDurationTerms.Split(s) is not { } terms)
        {
            return null;
        }

        var total = 0.0;
        foreach (var (amount, unit) in terms)
        {
            if (Unit(unit) is not { } nanos)
            {
                return null;
            }

            total += amount * nanos;
        }

        // Go holds a duration in a signed 64-bit count of nanoseconds and refuses more.
        return total > long.MaxValue ? null : negative ? -total : total;
    }

    private static double? Unit(string unit) => unit switch
    {
        "ns" => 1,
        "us" or "\u00b5s" or "\u03bcs" => 1e3,
        "ms" => 1e6,
        "s" => NanosPerSecond,
        "m" => 60 * NanosPerSecond,
        "h" => 3600 * NanosPerSecond,
        _ => null,
    };

    [GeneratedRegex("^[+-]?[0-9]+\\z")]
    private static partial Regex Whole();
}
