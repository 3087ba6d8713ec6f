namespace Tollgate.Hcl.Expressions;

/// <summary><c>{ key = value, … }</c>.</summary>
public sealed record ObjectExpression(IReadOnlyList<ObjectItem> Items, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => Items.SelectMany(i => new[] { i.Key, i.Value });
}
