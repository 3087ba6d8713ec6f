namespace Tollgate.Hcl.Expressions;

/// <summary>A bare name at the root of a traversal: <c>var</c>, <c>aws_instance</c>, <c>each</c>, a for variable.</summary>
public sealed record VariableExpression(string Name, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [];
}
