namespace Tollgate.Domain.Dora;

/// <summary>How a published benchmark value is read.</summary>
public enum BenchmarkKind
{
    /// <summary>The level holds from this value up (deploys per day).</summary>
    AtLeast,

    /// <summary>The level holds below this value (hours, minutes).</summary>
    Below,

    /// <summary>The cluster's typical value; the nearest cluster wins (change failure rate, whose clusters are not ordered).</summary>
    Typical,
}
