namespace Tollgate.Models.Promotion;

/// <summary>
/// One slice's KPI comparison: means and counts of both models, the difference (candidate − live, signed so that
/// positive is better), the allowed loss, and the anytime-valid p-values of "worse than allowed" (roll back) and
/// "not worse than allowed" (promote), and the anytime-valid (1 − α) interval of the difference those p-values invert.
/// </summary>
public sealed record KpiSlice(string Slice, int CandidateCount, int LiveCount, double CandidateMean, double LiveMean)
{
    public double Difference { get; init; } = double.NaN;

    public double StandardError { get; init; } = double.NaN;

    /// <summary>The difference's anytime-valid (1 − α) interval: its lower end is above −allowed loss exactly when the slice is non-inferior.</summary>
    public (double Low, double High) Interval { get; init; } = (double.NaN, double.NaN);

    public double AllowedLoss { get; init; }

    /// <summary>
    /// The normal mixture's scale τ, the effect size the tests are tuned to: the allowed loss, or 0.1 of the larger arm's
    /// standard deviation when a relative allowance is 0 because the live KPI is 0. NaN when the slice is not judged.
    /// </summary>
    public double Tau { get; init; } = double.NaN;

    public double RegressionP { get; init; } = 1;

    public double AdjustedRegressionP { get; init; } = 1;

    public double NonInferiorityP { get; init; } = 1;

    public bool TooSmall { get; init; }

    public bool Regressed { get; init; }

    public bool NonInferior { get; init; }
}
