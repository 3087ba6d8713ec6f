namespace Tollgate.Models.Shadow;

/// <summary>
/// The accuracy difference of two models on the same labelled requests, with Tango's score interval for a difference
/// of paired proportions (Tango, <i>Statistics in Medicine</i> 17:891–908, 1998). Only the discordant requests carry
/// information: <c>candidateOnly</c> where the candidate alone was right, <c>liveOnly</c> where the live model alone
/// was. Unlike a Wald interval on the per-request differences, which is [0, 0] when no request is discordant and too
/// narrow when few are, the score interval keeps its width (with none discordant in n, the bounds are ±z²/(n+z²)).
/// </summary>
public static class PairedAccuracy
{
    /// <summary>Candidate accuracy minus live accuracy, and the two-sided interval at <paramref name="z"/> (e.g. 1.96).</summary>
    public static (double Delta, double Low, double High) Interval(int labelled, int candidateOnly, int liveOnly, double z)
    {
        if (labelled <= 0 || candidateOnly < 0 || liveOnly < 0 || candidateOnly + liveOnly > labelled)
        {
            throw new ArgumentOutOfRangeException(nameof(labelled), "discordant counts must be within the labelled requests");
        }

        var delta = (candidateOnly - liveOnly) / (double)labelled;
        // Score(Δ0) falls as Δ0 rises: the bounds are where it crosses +z (low) and −z (high).
        return (delta, Root(labelled, candidateOnly, liveOnly, z, -1, delta), Root(labelled, candidateOnly, liveOnly, -z, delta, 1));
    }

    /// <summary>
    /// Tango's statistic for the hypothesis "difference = <paramref name="delta0"/>": (b − c − nΔ0) / √(n(2q̂ + Δ0(1 − Δ0))),
    /// q̂ the restricted maximum-likelihood estimate of the live-only share under that hypothesis.
    /// </summary>
    public static double Score(int n, int b, int c, double delta0)
    {
        var a = 2.0 * n;
        var bb = -b - c + (2.0 * n - b + c) * delta0;
        var cc = -c * delta0 * (1 - delta0);
        var q = (Math.Sqrt(Math.Max(0, bb * bb - 4 * a * cc)) - bb) / (2 * a);
        var variance = n * (2 * q + delta0 * (1 - delta0));
        var numerator = b - c - n * delta0;
        return variance > 0 ? numerator / Math.Sqrt(variance)
            : numerator == 0 ? 0
            : numerator > 0 ? double.PositiveInfinity : double.NegativeInfinity;
    }

    /// <summary>The Δ0 in [from, to] where the score equals <paramref name="target"/>, by bisection (the score is monotone).</summary>
    private static double Root(int n, int b, int c, double target, double from, double to)
    {
        // At the ends of [−1, 1] the bound is the end itself when the score never reaches the target inside.
        if (target > 0 && Score(n, b, c, from) <= target)
        {
            return from;
        }

        if (target < 0 && Score(n, b, c, to) >= target)
        {
            return to;
        }

        for (var i = 0; i < 200 && to - from > 1e-15; i++)
        {
            var mid = (from + to) / 2;
            if (Score(n, b, c, mid) > target)
            {
                from = mid;
            }
            else
            {
                to = mid;
            }
        }

        return (from + to) / 2;
    }
}
