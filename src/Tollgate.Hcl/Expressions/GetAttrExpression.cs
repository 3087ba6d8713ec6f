namespace Tollgate.Hcl.Expressions;

/// <summary><c>source.name</c> (also the legacy <c>source.0</c> index form, with <see cref="Name"/> "0").</summary>
public sealed record GetAttrExpression(Expression Source, string Name, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Source];
}
