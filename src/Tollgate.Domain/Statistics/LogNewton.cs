namespace Tollgate.Domain.Statistics;

/// <summary>
/// The root of ln C(b) = ln target for a crossing probability C that falls as the bound b rises: Newton steps from
/// <c>start</c>, kept inside a bracket that shrinks with every evaluation (a step that leaves it bisects instead). Used
/// by both group-sequential recursions, each with its own tolerance.
/// </summary>
internal static class LogNewton
{
    /// <summary>The root, or <paramref name="unsettled"/> when 200 steps do not settle it to <paramref name="tolerance"/>
    /// (NaN for a caller that must know; the last step for one that takes it).</summary>
    public static double Root(Func<double, (double Crossing, double Slope)> crossing, double target, double lo, double hi, double start,
        double tolerance, Func<double, double> unsettled)
    {
        var x = start > lo && start < hi ? start : 0.5 * (lo + hi);
        var logTarget = Math.Log(target);
        for (var i = 0; i < 200; i++)
        {
            var (c, slope) = crossing(x);
            if (c > target)
            {
                lo = x;
            }
            else
            {
                hi = x;
            }

            var step = c > 0 && slope < 0 ? -(Math.Log(c) - logTarget) * c / slope : double.NaN;
            var candidate = x + step;
            if (!(candidate > lo && candidate < hi))
            {
                candidate = 0.5 * (lo + hi);
            }

            if (Math.Abs(candidate - x) < tolerance * (1 + Math.Abs(x)) || hi - lo < tolerance)
            {
                return candidate;
            }

            x = candidate;
        }

        return unsettled(x);
    }
}
