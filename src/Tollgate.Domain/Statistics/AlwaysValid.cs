namespace Tollgate.Domain.Statistics;

/// <summary>
/// Anytime-valid p-values for a difference of means: the mixture sequential probability ratio test (mSPRT) with a
/// normal mixing distribution N(θ₀, τ²) over the alternative (Robbins 1970; Johari, Pekelis and Walsh, "Always valid
/// inference", Operations Research 2022). With estimate θ̂ of variance V,
/// Λ = √(V/(V+τ²)) · exp(τ²(θ̂−θ₀)² / (2V(V+τ²))), and p = min(1, 1/Λ). By Ville's inequality the chance that
/// 1/Λ ever falls below α under θ = θ₀, however often the data are looked at as they grow, is at most α (for means,
/// under the normal approximation of the estimate): a canary may be re-judged at every new batch of the log.
/// </summary>
public static class AlwaysValid
{
    /// <summary>The two-sided always-valid p-value of θ = θ₀.</summary>
    public static double PValue(double estimate, double variance, double nullValue, double tau2)
    {
        if (!(variance > 0) || !(tau2 > 0) || double.IsNaN(estimate))
        {
            return 1;
        }

        var d = estimate - nullValue;
        var logLambda = 0.5 * Math.Log(variance / (variance + tau2)) + tau2 * d * d / (2 * variance * (variance + tau2));
        return logLambda <= 0 ? 1 : Math.Exp(-logLambda);
    }

    /// <summary>
    /// One-sided: evidence that θ &gt; θ₀ (<paramref name="greater"/>) or θ &lt; θ₀. The two-sided p when the estimate
    /// lies on the alternative's side, else 1; valid because a one-sided rejection is a subset of the two-sided one.
    /// </summary>
    public static double OneSided(double estimate, double variance, double nullValue, double tau2, bool greater) =>
        (greater ? estimate > nullValue : estimate < nullValue) ? PValue(estimate, variance, nullValue, tau2) : 1;

    /// <summary>
    /// The (1 − <paramref name="alpha"/>) confidence sequence these p-values invert: every θ₀ whose two-sided p is at
    /// least α, θ̂ ± √(V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V))). Its lower end is above θ₀ exactly when
    /// <see cref="OneSided"/> (greater) is below α, its upper end below θ₀ exactly when the other side is; (NaN, NaN)
    /// when the test can never reject (no variance or no mixture), as its p-values then stay 1.
    /// </summary>
    public static (double Low, double High) Interval(double estimate, double variance, double tau2, double alpha)
    {
        if (!(variance > 0) || !(tau2 > 0) || double.IsNaN(estimate) || !(alpha > 0 && alpha < 1))
        {
            return (double.NaN, double.NaN);
        }

        var half = Math.Sqrt(variance * (variance + tau2) / tau2 * ((2 * Math.Log(1 / alpha)) + Math.Log((variance + tau2) / variance)));
        return (estimate - half, estimate + half);
    }
}
