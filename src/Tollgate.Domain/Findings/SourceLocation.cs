namespace Tollgate.Domain.Findings;

/// <summary>
/// Where a finding's subject is declared: a file (relative to the working directory when the input was given so),
/// a 1-based line and, when known, a 1-based column; when the whole span is known (an HCL block or attribute), where it
/// ends too: <see cref="EndLine"/> and <see cref="EndColumn"/>, the column just after its last character, as SARIF
/// counts a region's end. SARIF, JUnit and Markdown point there.
/// </summary>
public sealed record SourceLocation(string File, int Line, int Column = 0)
{
    /// <summary>The 1-based line the span ends on; 0 when only its start is known.</summary>
    public int EndLine { get; init; }

    /// <summary>The 1-based column just after the span's last character on <see cref="EndLine"/>; 0 when only its start is known.</summary>
    public int EndColumn { get; init; }

    public override string ToString() => Line == 0 ? File : Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}
