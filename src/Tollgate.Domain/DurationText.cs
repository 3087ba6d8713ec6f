using System.Globalization;

namespace Tollgate.Domain;

/// <summary>
/// A duration in its shortest exact spelling, the one Prometheus, Go and Kubernetes read: 600 s → <c>10m</c>, 90 s →
/// <c>1m30s</c>, 300 ms → <c>300ms</c>, zero → <c>0s</c>. A fraction of a second is written in milliseconds, never
/// rounded away: a timeout of 1 ms is "within 1ms", not "within 0s".
/// </summary>
public static class DurationText
{
    public static string Shortest(TimeSpan duration)
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
}
