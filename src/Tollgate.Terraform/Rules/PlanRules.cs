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
}
