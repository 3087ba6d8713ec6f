namespace Tollgate.Terraform.Analysis;

/// <summary>One forced replacement: <see cref="Cause"/> being replaced forces <see cref="Consequence"/> through <see cref="Attribute"/>.</summary>
public sealed record ChainLink(string Cause, string Consequence, string Attribute, string Via);
