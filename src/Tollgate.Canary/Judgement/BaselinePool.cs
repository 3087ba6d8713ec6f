using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// What the slices' baselines of one ratio metric say together: the chi-square p-value that their rates agree and,
/// when they do (p ≥ <see cref="HomogeneityLevel"/>), the empirical-Bayes Gamma prior every slice's baseline borrows from.
/// Baselines that disagree borrow nothing, so pooling cannot turn a high-rate slice into a false rollback; nor do
/// baselines with fewer than <see cref="MinExpectedEvents"/> errors per slice on average, where the chi-square test
/// cannot tell (its usual validity condition), as at the first looks of a window.
/// </summary>
internal sealed record BaselinePool(GammaPrior Prior, double HomogeneityPValue)
{
    public const double HomogeneityLevel = 0.05;

    public const double MinExpectedEvents = 5;

    public static BaselinePool None { get; } = new(GammaPrior.None, double.NaN);

    public static BaselinePool Of(IReadOnlyList<SliceObservation> slices)
    {
        var counts = slices.Select(o => (Math.Min(o.Baseline.EventCount, o.Baseline.Count), (double)o.Baseline.Count)).ToList();
        if (counts.Count < 3 || counts.Sum(c => c.Item1) < MinExpectedEvents * counts.Count)
        {
            return None;
        }

        var homogeneity = GammaPoisson.HomogeneityPValue(counts);
        return new BaselinePool(homogeneity >= HomogeneityLevel ? GammaPoisson.Fit(counts) : GammaPrior.None, homogeneity);
    }
}
