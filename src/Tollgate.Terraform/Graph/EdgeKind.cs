namespace Tollgate.Terraform.Graph;

/// <summary>Why an edge (dependent → dependency) exists; one edge may have several reasons.</summary>
[Flags]
public enum EdgeKind : byte
{
    None = 0,

    /// <summary>An expression refers to the dependency (directly or through locals, variables, outputs).</summary>
    Reference = 1,

    /// <summary>An explicit <c>depends_on</c> on the resource.</summary>
    DependsOn = 2,

    /// <summary><c>depends_on</c> on the enclosing module call, inherited by everything inside.</summary>
    ModuleDependsOn = 4,

    /// <summary>Recorded in the prior state's <c>depends_on</c> at the last apply, reduced to direct edges (<see cref="PriorStateEdges"/>), where the configuration gives none.</summary>
    PriorState = 8,

    /// <summary>An edge of <c>terraform graph</c> DOT output.</summary>
    Dot = 16,

    /// <summary>A module call depends on the resources it contains (its "close").</summary>
    Contains = 32,
}
