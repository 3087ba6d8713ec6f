namespace Tollgate.Domain.Delivery;

/// <summary>Why a deploy happened: planned work, or unplanned work that remediates a failure in production.</summary>
public enum DeployIntent
{
    /// <summary>A planned release of new changes.</summary>
    Planned,

    /// <summary>An unplanned fix-forward for a failure in production.</summary>
    Hotfix,

    /// <summary>A return to an earlier version after a failure.</summary>
    Rollback,
}
