using Tollgate.Domain.Policies;
using Tollgate.Domain.Rules;

namespace Tollgate.Policies.Loading;

/// <summary>
/// What a policy file may name, as the host's composition root registers it: the rule ids of the pillars this build
/// has, and the variables custom rules are evaluated over (a sample of each scope, for the load-time dry run that
/// catches unknown fields). Without a sample, a policy with custom rules is refused rather than silently ignored.
/// </summary>
public sealed record PolicyVocabulary(RuleCatalog Rules)
{
    public Func<CustomRuleScope, IDictionary<string, object?>>? CustomRuleSample { get; init; }
}
