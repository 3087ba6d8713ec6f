namespace Tollgate.Terraform.Graph;

/// <summary>What a node of the dependency graph stands for.</summary>
public enum NodeKind : byte
{
    Resource,
    Data,

    /// <summary>A module call (<c>module.app</c>): it depends on its inputs, its <c>depends_on</c> and its contents.</summary>
    Module,
}
