using System.Globalization;
using Tollgate.Domain.Findings;

namespace Tollgate.Policies.Scanners;

/// <summary>
/// Maps the scanners' severity vocabularies onto Tollgate's: GitHub's <c>security-severity</c> bands
/// (&gt; 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, ≤ 3.9 low), the CRITICAL…LOW words of Trivy, tfsec and
/// Checkov, and SARIF levels as the last resort (error → high, warning → medium, note → low, none → info).
/// </summary>
public static class ScannerSeverity
{
    public static Severity FromScore(double score) => score switch
    {
        > 9.0 => Severity.Critical,
        >= 7.0 => Severity.High,
        >= 4.0 => Severity.Medium,
        > 0.0 => Severity.Low,
        _ => Severity.Info,
    };

    public static Severity? FromScoreText(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) ? FromScore(score) : null;

    public static Severity? FromWord(string? word) => word?.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" => Severity.Critical,
        "HIGH" => Severity.High,
        "MEDIUM" or "MODERATE" => Severity.Medium,
        "LOW" => Severity.Low,
        "INFO" or "UNKNOWN" or "NONE" => Severity.Info,
        _ => null,
    };

    public static Severity FromLevel(string? level) => level switch
    {
        "error" => Severity.High,
        "note" => Severity.Low,
        "none" => Severity.Info,
        _ => Severity.Medium,
    };
}
