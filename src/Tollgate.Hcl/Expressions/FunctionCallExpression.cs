namespace Tollgate.Hcl.Expressions;

/// <summary><c>name(args…)</c>, including namespaced <c>provider::aws::arn_parse(…)</c> and a final <c>...</c> expansion.</summary>
public sealed record FunctionCallExpression(string Name, IReadOnlyList<Expression> Arguments, bool ExpandFinal, int Start, int End) : Expression(Start, End)
{
    public override IEnumerable<Expression> Children() => Arguments;
}
