namespace Tollgate.Reports;

/// <summary>
/// A SARIF <c>artifactLocation</c>: <see cref="Uri"/> relative to the base <see cref="BaseId"/> names, or absolute
/// (<c>file://</c>) when <see cref="BaseId"/> is null (<see cref="SarifArtifacts"/>).
/// </summary>
public readonly record struct SarifArtifact(string Uri, string? BaseId);
