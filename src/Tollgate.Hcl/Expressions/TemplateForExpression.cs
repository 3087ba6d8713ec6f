namespace Tollgate.Hcl.Expressions;

/// <summary><c>%{ for k, v in coll }…%{ endfor }</c> inside a template.</summary>
public sealed record TemplateForExpression(string? KeyVariable, string ValueVariable, Expression Collection, TemplateExpression Body, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => [Collection, Body];
}
