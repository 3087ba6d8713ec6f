namespace Tollgate.Terraform.Graph;

/// <summary>A node a reference finally reads, and the values it went through to get there (empty when direct).</summary>
public sealed record ResolvedReference(string Address, IReadOnlyList<string> Via);
