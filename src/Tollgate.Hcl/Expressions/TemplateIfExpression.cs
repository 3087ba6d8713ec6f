namespace Tollgate.Hcl.Expressions;

/// <summary><c>%{ if cond }…%{ else }…%{ endif }</c> inside a template.</summary>
public sealed record TemplateIfExpression(Expression Condition, TemplateExpression Then, TemplateExpression? Else, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() =>
        Else is null ? [Condition, Then] : [Condition, Then, Else];
}
