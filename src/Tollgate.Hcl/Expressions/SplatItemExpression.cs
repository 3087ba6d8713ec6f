namespace Tollgate.Hcl.Expressions;

/// <summary>The current element inside a splat's <see cref="SplatExpression.Each"/>.</summary>
public sealed record SplatItemExpression(int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [];
}
