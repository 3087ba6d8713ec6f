namespace Tollgate.Terraform.Graph.Config;

/// <summary>The <c>lifecycle</c> block of a resource, which the plan JSON leaves out.</summary>
public sealed record Lifecycle(bool CreateBeforeDestroy, bool PreventDestroy, IReadOnlyList<string> IgnoreChanges, IReadOnlyList<string> ReplaceTriggeredBy);
