namespace Tollgate.Hcl.Expressions;

/// <summary><c>[a, b, c]</c>.</summary>
public sealed record TupleExpression(IReadOnlyList<Expression> Items, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => Items;
}
