namespace Tollgate.Domain.Findings;

/// <summary>
/// Where a finding's subject is declared: a file (relative to the working directory when the input was given so),
/// a 1-based line and, when known, a 1-based column. SARIF, JUnit and Markdown point there.
/// </summary>
public sealed record SourceLocation(string File, int Line, int Column = 0)
{
    public override string ToString() => Line == 0 ? File : Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}
