namespace Tollgate.Hcl.Expressions;

/// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
public sealed record ConditionalExpression(Expression Condition, Expression WhenTrue, Expression WhenFalse, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Condition, WhenTrue, WhenFalse];
}
