using Tollgate.Hcl.Expressions;

namespace Tollgate.Hcl.Parsing;

/// <summary>
/// One flat piece of a template before directives are nested: a literal, an interpolation, or a directive
/// keyword (<c>if</c>, <c>else</c>, <c>endif</c>, <c>for</c>, <c>endfor</c>) with its parsed header.
/// </summary>
internal sealed class TemplatePiece
{
    public string? Literal { get; set; }

    public Expression? Interpolation { get; init; }

    public string? Directive { get; init; }

    public Expression? DirectiveExpression { get; init; }

    public string? KeyVariable { get; init; }

    public string? ValueVariable { get; init; }

    public bool StripBefore { get; init; }

    public bool StripAfter { get; init; }

    public int Start { get; init; }

    public int End { get; init; }
}
