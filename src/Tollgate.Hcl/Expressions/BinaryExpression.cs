namespace Tollgate.Hcl.Expressions;

/// <summary>An arithmetic, comparison or logical operation; <see cref="Operator"/> is its source text (<c>&amp;&amp;</c>, <c>+</c>…).</summary>
public sealed record BinaryExpression(string Operator, Expression Left, Expression Right, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Left, Right];
}
