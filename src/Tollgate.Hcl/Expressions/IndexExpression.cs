namespace Tollgate.Hcl.Expressions;

/// <summary><c>source[key]</c>.</summary>
public sealed record IndexExpression(Expression Source, Expression Key, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Source, Key];
}
