namespace Tollgate.Hcl.Expressions;

/// <summary>A literal: a string (<see cref="string"/>), a number (<see cref="double"/>), a bool, or null.</summary>
public sealed record LiteralExpression(object? Value, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [];
}
