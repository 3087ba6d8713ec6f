namespace Tollgate.Canary.Spec;

/// <summary>What a spec is loaded for, which decides what its <c>groups</c> must name.</summary>
public enum SpecUse
{
    /// <summary><c>tollgate canary</c>, <c>serve</c>: two groups side by side, <c>groups.baseline</c> and a different <c>groups.canary</c>.</summary>
    Canary,

    /// <summary>
    /// <c>deploy watch</c>, <c>deploy run</c>: one service before and after its deploy, so only <c>groups.canary</c> (the
    /// service's selector) is read; a <c>groups.baseline</c> is accepted with a note (<see cref="CanarySpec.Notes"/>).
    /// </summary>
    Deploy,
}
