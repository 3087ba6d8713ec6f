using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Policies;

/// <summary>
/// A rule the user writes in the policy file: when the expression <see cref="When"/> is true, a finding
/// <c>policy/&lt;name&gt;</c> with <see cref="Severity"/> and <see cref="Message"/> is reported.
/// </summary>
public sealed record CustomRule(string Name, Severity Severity, string Message, string When)
{
    public CustomRuleScope Scope { get; init; } = CustomRuleScope.Change;

    public int Line { get; init; }

    /// <summary>The line of the <c>when</c> expression, for compile errors.</summary>
    public int WhenLine { get; init; }

    public string RuleId => "policy/" + Name;
}
