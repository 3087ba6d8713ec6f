namespace Tollgate.Hcl.Expressions;

/// <summary>
/// A quoted string or heredoc: literal parts, interpolations and <c>%{if}</c>/<c>%{for}</c> directives in order.
/// A template that is only literals has a <see cref="LiteralValue"/>.
/// </summary>
public sealed record TemplateExpression(IReadOnlyList<Expression> Parts, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => Parts;

    public string? LiteralValue =>
        Parts.All(p => p is LiteralExpression { Value: string })
            ? string.Concat(Parts.Select(p => (string)((LiteralExpression)p).Value!))
            : null;
}
