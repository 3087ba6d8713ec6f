using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// What the slices' baselines of one ratio metric say together: the chi-square p-value that their rates agree and,
/// when they do (p ≥ <see cref="HomogeneityLevel"/>), the empirical-Bayes Gamma prior every slice's baseline borrows from.
/// Baselines that disagree borrow nothing, so pooling cannot turn a high-rate slice into a false rollback; nor do
/// baselines with fewer than <see cref="MinExpectedEvents"/> errors per slice on average, where the chi-square test
/// cannot tell (its usual validity condition), as at the first looks of a window. Before and after a change
/// (<see cref="Judgement.OverTime"/>) every count is first divided by the baseline's <see cref="Dispersion"/>.
/// </summary>
internal sealed record BaselinePool(GammaPrior Prior, double HomogeneityPValue)
{
    public const double HomogeneityLevel = 0.05;

    public const double MinExpectedEvents = 5;

    public static BaselinePool None { get; } = new(GammaPrior.None, double.NaN);

    /// <summary>The baseline's variation over time beyond Poisson (<see cref="OverTime.Dispersion"/>); 1 side by side.</summary>
    public double Dispersion { get; init; } = 1;

    /// <param name="dispersion">What every count is divided by (1 side by side).</param>
    public static BaselinePool Of(IReadOnlyList<SliceObservation> slices, double dispersion = 1)
    {
        var counts = slices.Select(o => Scale(Math.Min(o.Baseline.EventCount, o.Baseline.Count), o.Baseline.Count, dispersion)).ToList();
        var pool = counts.Count < 3 || counts.Sum(c => c.Events) < MinExpectedEvents * counts.Count ? None : Homogeneous(counts);
        return pool with { Dispersion = dispersion };
    }

    /// <summary>Counts in the units the tests use: events and requests divided by the dispersion, events rounded.</summary>
    public (long Events, double Requests) Scale(long events, double requests) => Scale(events, requests, Dispersion);

    private static (long Events, double Requests) Scale(long events, double requests, double dispersion) =>
        dispersion == 1 ? (events, requests) : ((long)Math.Round(events / dispersion), requests / dispersion);

    private static BaselinePool Homogeneous(List<(long Events, double Requests)> counts)
    {
        var homogeneity = GammaPoisson.HomogeneityPValue(counts);
        return new BaselinePool(homogeneity >= HomogeneityLevel ? GammaPoisson.Fit(counts) : GammaPrior.None, homogeneity);
    }
}
