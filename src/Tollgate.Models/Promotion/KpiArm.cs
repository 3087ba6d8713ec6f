namespace Tollgate.Models.Promotion;

/// <summary>
/// One model version's KPI in one slice as a metrics source counts it: requests served, the KPI summed over them and
/// (for a KPI that is not 0/1) its sum of squares. Additive, so slices sum to their whole.
/// </summary>
public readonly record struct KpiArm(double Requests, double Total, double TotalSquares)
{
    public KpiArm Add(KpiArm other) => new(Requests + other.Requests, Total + other.Total, TotalSquares + other.TotalSquares);

    /// <summary>
    /// Count, mean and sample variance for <see cref="KpiJudge"/>: a proportion's variance is p(1−p)·n/(n−1); a mean's
    /// is (Σx² − n·x̄²)/(n−1), never below 0. Counts from <c>increase()</c> are extrapolated and rounded to whole requests.
    /// </summary>
    public (int Count, double Mean, double Variance) Moments(bool proportion)
    {
        var n = (int)Math.Min(int.MaxValue, Math.Round(Requests));
        if (n < 1 || Requests <= 0)
        {
            return (0, double.NaN, double.NaN);
        }

        var mean = Total / Requests;
        if (proportion)
        {
            var p = Math.Clamp(mean, 0, 1);
            return (n, p, n > 1 ? p * (1 - p) * n / (n - 1) : 0);
        }

        return (n, mean, n > 1 ? Math.Max(0, (TotalSquares - Requests * mean * mean) / (n - 1)) : 0);
    }
}
