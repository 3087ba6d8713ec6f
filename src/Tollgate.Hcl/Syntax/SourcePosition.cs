namespace Tollgate.Hcl.Syntax;

/// <summary>A 1-based line and column in a named file.</summary>
public readonly record struct SourcePosition(string FileName, int Line, int Column)
{
    public override string ToString() => $"{FileName}:{Line}:{Column}";
}
