namespace Tollgate.Hcl.Expressions;

/// <summary>An HCL expression with its span (offsets into the file's text).</summary>
public abstract record Expression(int Start, int End)
{
    /// <summary>The direct sub-expressions, in source order.</summary>
    public abstract IEnumerable<Expression> Children();
}
