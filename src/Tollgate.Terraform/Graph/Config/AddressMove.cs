namespace Tollgate.Terraform.Graph.Config;

/// <summary>A <c>moved</c>, <c>removed</c> or <c>import</c> block: <see cref="From"/> is empty for imports, <see cref="To"/> for removals.</summary>
public sealed record AddressMove(string Kind, string Module, string From, string To, string? Location);
