namespace Tollgate.Terraform.Graph.Config;

/// <summary>A literal string written in a resource's configuration, with the argument path it sits at.</summary>
public sealed record LiteralArgument(string Path, string Value);
