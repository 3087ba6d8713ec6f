namespace Tollgate.Domain.Dora;

/// <summary>
/// How a middle value is taken. Tools disagree and the level can flip on this alone
/// (<see href="https://dora.dev/guides/dora-metrics/">DORA</see> fixes no statistic).
/// </summary>
public enum MedianKind
{
    /// <summary>Linear interpolation between the two middle values (PostgreSQL <c>percentile_cont</c>, Four Keys).</summary>
    Interpolated,

    /// <summary>The largest value whose percent rank is at most the quantile, no interpolation (Apache DevLake).</summary>
    Lower,

    /// <summary>The arithmetic mean instead of a median (Sleuth's recovery time); quantiles other than 0.5 interpolate.</summary>
    Mean,
}
