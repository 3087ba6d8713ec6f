namespace Tollgate.Models.Alerts;

/// <summary>
/// The decision the generated Prometheus rule makes, in C# so its error rates can be measured by simulation on daily
/// points: the medians of the last three weeks of daily means (PromQL: <c>quantile_over_time(0.5,
/// avg_over_time(…[1d])[7d:1d] offset …)</c>) fall week after week, and the oldest week's median exceeds the newest's
/// by more than 14 days × maxDailyDrop × its level; the condition must hold at <c>sustain</c> consecutive daily
/// evaluations (the rule's <c>for</c>). A median of seven days ignores a single bad day, so a spike does not page; a
/// steady decline moves all three medians and does.
/// </summary>
public static class SlopeAlert
{
    /// <summary>The first day index at which the alert fires on a (higher-is-better) daily series, or −1.</summary>
    public static int FirstAlarm(ReadOnlySpan<double> daily, double maxDailyDrop, int sustain = 3)
    {
        var held = 0;
        Span<double> week = stackalloc double[7];
        for (var t = 20; t < daily.Length; t++)
        {
            var m0 = Median(daily[(t - 6)..(t + 1)], week);
            var m1 = Median(daily[(t - 13)..(t - 6)], week);
            var m2 = Median(daily[(t - 20)..(t - 13)], week);
            var fires = m0 < m1 && m1 < m2 && m2 - m0 > 14 * maxDailyDrop * Math.Abs(m2);
            held = fires ? held + 1 : 0;
            if (held >= sustain)
            {
                return t;
            }
        }

        return -1;
    }

    private static double Median(ReadOnlySpan<double> values, Span<double> scratch)
    {
        values.CopyTo(scratch);
        scratch.Sort();
        return scratch[3];
    }
}
