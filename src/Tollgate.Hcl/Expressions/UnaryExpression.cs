namespace Tollgate.Hcl.Expressions;

/// <summary><c>!operand</c> or <c>-operand</c>.</summary>
public sealed record UnaryExpression(string Operator, Expression Operand, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Operand];
}
