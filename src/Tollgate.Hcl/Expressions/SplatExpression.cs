namespace Tollgate.Hcl.Expressions;

/// <summary>
/// <c>source[*].each</c> (full) or <c>source.*.each</c> (attribute-only). <see cref="Each"/> is applied to every
/// element and is rooted at a <see cref="SplatItemExpression"/>.
/// </summary>
public sealed record SplatExpression(Expression Source, Expression Each, bool Full, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Source, Each];
}
