using Tollgate.Domain.Rules;

namespace Tollgate.Terraform.Rules;

/// <summary>The composition root of plan rules: adding a rule is one file and one line here.</summary>
public static class PlanRules
{
    public static IReadOnlyList<IPlanRule> All { get; } =
    [
        new DestroyRule(),
        new ReplaceRule(),
        new ForgetRule(),
        new ReplaceChainRule(),
        new RenameSuspectRule(),
        new SensitiveChangeRule(),
        new CheckFailedRule(),
    ];

    /// <summary>What the plan rules declare, for the rule catalog (policy ids, SARIF, docs/rules.md).</summary>
    public static IReadOnlyList<RuleInfo> Registrations { get; } = [.. All.Select(r => r.Info)];
}
