namespace Tollgate.Terraform.Graph.Dot;

/// <summary>The two DOT dialects of <c>terraform graph</c> (reference: iac.md §2).</summary>
public enum DotDialect
{
    /// <summary>Terraform 1.7+ default: resources only, module clusters, transitive reduction.</summary>
    Simplified,

    /// <summary><c>[root] … (expand)</c> nodes with providers, variables, locals and outputs: older versions, <c>-type=</c>, OpenTofu.</summary>
    Verbose,
}
