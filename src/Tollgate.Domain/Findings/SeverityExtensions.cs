namespace Tollgate.Domain.Findings;

/// <summary>Wire names of severities and their GitHub code-scanning bands.</summary>
public static class SeverityExtensions
{
    public static string WireName(this Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static Severity ParseSeverity(string name) => name.ToLowerInvariant() switch
    {
        "info" or "none" or "unknown" => Severity.Info,
        "low" or "note" => Severity.Low,
        "medium" or "moderate" or "warning" => Severity.Medium,
        "high" or "error" => Severity.High,
        "critical" => Severity.Critical,
        _ => throw new InvalidInputException($"unknown severity '{name}' (expected critical, high, medium, low or info)"),
    };

    /// <summary>The SARIF <c>security-severity</c> score, inside GitHub's band for this severity.</summary>
    public static string SecuritySeverityScore(this Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "2.0",
        _ => "0.0",
    };

    /// <summary>The SARIF result level: critical/high are errors, medium warnings, the rest notes.</summary>
    public static string SarifLevel(this Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        Severity.Low => "note",
        _ => "note",
    };
}
