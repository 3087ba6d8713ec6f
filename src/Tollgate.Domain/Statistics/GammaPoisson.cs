namespace Tollgate.Domain.Statistics;

/// <summary>
/// Empirical-Bayes borrowing across slices for event rates, and the tests that use it. Each slice's baseline count is
/// Poisson(n·λ) with λ ~ Gamma(a, b) across slices; (a, b) are fitted by the method of moments, so the prior is tight
/// when the slices agree and weak when they do not. A slice's baseline rate then has the posterior
/// Gamma(a + x + 1, b + n) (the +1 keeps the test exactly the conditional binomial test when nothing is borrowed), and
/// the canary's count is judged against its predictive distribution, a negative binomial.
/// </summary>
public static class GammaPoisson
{
    /// <summary>
    /// Method-of-moments fit of the Gamma prior to per-slice counts (x events in n requests): mean μ̂ = Σx/Σn and
    /// between-slice variance v̂ = (weighted variance of the rates) − (Poisson noise). The prior's weight b = μ̂/v̂ is
    /// capped at the requests of all the other slices together; no spread left above the noise means that cap.
    /// </summary>
    public static GammaPrior Fit(IReadOnlyList<(long Events, double Requests)> slices)
    {
        var usable = slices.Where(s => s.Requests > 0).ToList();
        if (usable.Count < 3)
        {
            return GammaPrior.None;
        }

        var total = usable.Sum(s => s.Requests);
        var mean = usable.Sum(s => (double)s.Events) / total;
        if (mean <= 0)
        {
            return GammaPrior.None;
        }

        // Weights n/N: E[Σ w (r − μ)²] = v (1 − Σw²) + μ (k − 1)/N for k slices.
        var spread = usable.Sum(s => s.Requests / total * Math.Pow(s.Events / s.Requests - mean, 2));
        var sumW2 = usable.Sum(s => Math.Pow(s.Requests / total, 2));
        var variance = (spread - mean * (usable.Count - 1) / total) / (1 - sumW2);
        var cap = total - usable.Max(s => s.Requests);
        var rate = variance <= 0 ? cap : Math.Min(cap, mean / variance);
        return new GammaPrior(mean * rate, rate);
    }

    /// <summary>
    /// The chi-square test that the slices share one rate (Pearson's dispersion test of Poisson counts): large spread
    /// above the Poisson noise gives a small p-value.
    /// </summary>
    public static double HomogeneityPValue(IReadOnlyList<(long Events, double Requests)> slices)
    {
        var usable = slices.Where(s => s.Requests > 0).ToList();
        var mean = usable.Sum(s => (double)s.Events) / usable.Sum(s => s.Requests);
        if (usable.Count < 2 || !(mean > 0))
        {
            return 1;
        }

        var chi2 = usable.Sum(s => Math.Pow(s.Events - s.Requests * mean, 2) / (s.Requests * mean));
        return SpecialFunctions.RegularizedGammaQ((usable.Count - 1) / 2.0, chi2 / 2);
    }

    /// <summary>The posterior of one slice's baseline rate: Gamma(a + x + 1, b + n).</summary>
    public static GammaPrior Posterior(GammaPrior prior, long events, double requests) => new(prior.Shape + events + 1, prior.Rate + requests);

    /// <summary>
    /// P(X ≥ x) for the canary's count X among <paramref name="canaryRequests"/> when its rate is <paramref name="ratio"/>
    /// times a baseline rate distributed as <paramref name="baseline"/>: the negative binomial tail I_π(x, A),
    /// π = n₁R / (n₁R + B). With no borrowing this is the exact conditional test of two Poisson rates.
    /// </summary>
    public static double PredictiveTail(long x, double canaryRequests, GammaPrior baseline, double ratio = 1)
    {
        if (x <= 0)
        {
            return 1;
        }

        var share = canaryRequests * ratio / (canaryRequests * ratio + baseline.Rate);
        return Math.Clamp(SpecialFunctions.RegularizedBeta(share, x, baseline.Shape), 0, 1);
    }

    /// <summary>
    /// P(X ≥ x) when the canary's rate is min(λ, <paramref name="cap"/>) with λ distributed as <paramref name="baseline"/>:
    /// the null "no worse than the baseline and within the SLO" in one test. Exact: the mass of λ below the cap is
    /// summed term by term (P(X = k, λ ≤ v) = NB(k)·P(Gamma(A + k, B + n₁) ≤ v)), the mass above it is a Poisson tail at v.
    /// </summary>
    public static double CappedPredictiveTail(long x, double canaryRequests, GammaPrior baseline, double cap)
    {
        var uncapped = PredictiveTail(x, canaryRequests, baseline);
        if (x <= 0 || double.IsPositiveInfinity(cap))
        {
            return uncapped;
        }

        var above = SpecialFunctions.RegularizedGammaQ(baseline.Shape, baseline.Rate * cap);
        if (above < 1e-6 * uncapped)
        {
            return uncapped;
        }

        // Σ_{k ≥ x} NB(k; A, p)·P(A + k, (B + n₁)v), NB(k) = Γ(A + k)/(Γ(A) k!) p^A (1 − p)^k, p = B/(B + n₁).
        var (a, b, n1) = (baseline.Shape, baseline.Rate, canaryRequests);
        var logP = Math.Log(b / (b + n1));
        var log1P = Math.Log(n1 / (b + n1));
        var z = (b + n1) * cap;
        var below = 0.0;
        for (long k = x; k < x + 1_000_000; k++)
        {
            var logPmf = SpecialFunctions.LogGamma(a + k) - SpecialFunctions.LogGamma(a) - SpecialFunctions.LogGamma(k + 1.0) + a * logP + k * log1P;
            var term = Math.Exp(logPmf) * (1 - SpecialFunctions.RegularizedGammaQ(a + k, z));
            below += term;
            if (term < 1e-17 * Math.Max(below, 1e-300) && k > a * (1 - Math.Exp(logP)) / Math.Exp(logP))
            {
                break;
            }
        }

        var poissonAbove = 1 - SpecialFunctions.RegularizedGammaQ(x, n1 * cap);
        return Math.Clamp(below + above * poissonAbove, 0, 1);
    }

    /// <summary>
    /// The interval for the rate ratio R = canary rate / baseline rate that inverts the two one-sided tests: each end is
    /// a one-sided bound at <paramref name="oneSidedLevel"/>. The lower end inverts <see cref="PredictiveTail"/> (shape
    /// A), so it is above 1 exactly when the test of R ≤ 1 is significant at that level. The upper end inverts the lower
    /// tail P(X ≤ x), whose baseline shape is A − 1: the +1 of <see cref="Posterior"/> belongs to the upper tail only.
    /// With nothing borrowed the two ends are Clopper-Pearson's on the conditional binomial (Beta(x₁, x₂ + 1) and
    /// Beta(x₁ + 1, x₂)), and a baseline without errors (A − 1 = 0) leaves the upper end unbounded. With a borrowed
    /// prior Gamma(a, b) the same one is taken off a + x₂ + 1; counts scaled by a dispersion come in already scaled.
    /// </summary>
    public static (double Lower, double Upper) RatioInterval(long x, double canaryRequests, GammaPrior baseline, double oneSidedLevel)
    {
        var (a, b, n1) = (baseline.Shape, baseline.Rate, canaryRequests);
        double ToRatio(double share) => share >= 1 ? double.PositiveInfinity : share / (1 - share) * b / n1;
        var lower = x == 0 ? 0 : ToRatio(SpecialFunctions.InverseRegularizedBeta(oneSidedLevel, x, a));
        var upper = a - 1 <= 0 ? double.PositiveInfinity : ToRatio(SpecialFunctions.InverseRegularizedBeta(1 - oneSidedLevel, x + 1, a - 1));
        return (lower, upper);
    }

    /// <summary>P(Poisson(μ) ≥ x).</summary>
    public static double PoissonTail(long x, double mean) => x <= 0 ? 1 : mean <= 0 ? 0 : Math.Clamp(1 - SpecialFunctions.RegularizedGammaQ(x, mean), 0, 1);
}
