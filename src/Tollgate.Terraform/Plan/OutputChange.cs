namespace Tollgate.Terraform.Plan;

/// <summary>One root output that changes; only its name, actions and whether it is sensitive are kept.</summary>
public sealed record OutputChange(string Name, ChangeActions Actions, bool Sensitive);
