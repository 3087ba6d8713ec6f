namespace Tollgate.Domain.Delivery;

/// <summary>
/// What Tollgate's watch window made of a deploy. Only a deploy whose watch passed, or one Tollgate never watched (a
/// deploy finished by <c>deploy finish</c> or an ingested event: its user's or CI's own word), is verified: a rollback
/// returns to one of those before any other.
/// </summary>
public enum DeployWatch
{
    /// <summary>Never watched by Tollgate (or recorded before watches were).</summary>
    None,

    /// <summary>A watch began and has not ended (it runs, or its process was stopped).</summary>
    Watching,

    /// <summary>The watch held: its deadline passed without a decision, or its queries kept failing.</summary>
    Held,

    /// <summary>The whole window held within bounds.</summary>
    Passed,

    /// <summary>The watch failed and rolled the deploy back.</summary>
    Failed,
}
