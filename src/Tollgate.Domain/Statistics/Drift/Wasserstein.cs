namespace Tollgate.Domain.Statistics.Drift;

/// <summary>The first Wasserstein distance W1 = ∫ |F_ref − F_cur| dx between two empirical distributions.</summary>
public static class Wasserstein
{
    public static double Distance(EmpiricalDistribution reference, EmpiricalDistribution current) =>
        EcdfWalk.Of(reference, current).Wasserstein;

    /// <summary>Evidently's normalised form: W1 / max(std_ref (ddof 0), 0.001), in reference standard deviations.</summary>
    public static double Normalised(EmpiricalDistribution reference, EmpiricalDistribution current) =>
        Normalised(EcdfWalk.Of(reference, current), reference);

    /// <summary>The normalised form from a merge walk already made.</summary>
    public static double Normalised(EcdfWalk walk, EmpiricalDistribution reference) =>
        walk.Wasserstein / Math.Max(reference.StandardDeviation(), StdFloor);

    /// <summary>The σ W1 is divided by at least (Evidently's floor), so a constant reference gives a finite figure.</summary>
    public const double StdFloor = 0.001;
}
