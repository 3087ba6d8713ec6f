namespace Tollgate.Hcl.Expressions;

/// <summary><c>( inner )</c>.</summary>
public sealed record ParenthesesExpression(Expression Inner, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Inner];
}
