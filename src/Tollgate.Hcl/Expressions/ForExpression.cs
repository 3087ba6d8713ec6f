namespace Tollgate.Hcl.Expressions;

/// <summary>
/// <c>[for k, v in coll : value if cond]</c> or <c>{for k, v in coll : key => value... if cond}</c>
/// (<see cref="KeyResult"/> is set for the object form; <see cref="Grouping"/> for <c>...</c>).
/// </summary>
public sealed record ForExpression(
    string? KeyVariable,
    string ValueVariable,
    Expression Collection,
    Expression? KeyResult,
    Expression ValueResult,
    Expression? Condition,
    bool Grouping,
    int Start,
    int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children()
    {
        yield return Collection;
        if (KeyResult is not null)
        {
            yield return KeyResult;
        }

        yield return ValueResult;
        if (Condition is not null)
        {
            yield return Condition;
        }
    }
}
