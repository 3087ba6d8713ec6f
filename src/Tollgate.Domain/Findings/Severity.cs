namespace Tollgate.Domain.Findings;

/// <summary>How bad a finding is. Ordered from least to most severe so comparisons read naturally.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}
