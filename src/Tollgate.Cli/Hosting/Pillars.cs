using Tollgate.Canary.Gate;
using Tollgate.Delivery;
using Tollgate.Domain.Rules;
using Tollgate.Models;
using Tollgate.Kubernetes.Rules;
using Tollgate.Policies.Loading;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.PolicyRules;
using Tollgate.Terraform.Rules;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// The pillars this build has, registered in one place: their rules make the catalog a policy may name (and SARIF and
/// docs/rules.md describe), and the Terraform plan's values are what custom rules are evaluated over. Adding a
/// pillar adds its registrations here.
/// </summary>
public static class Pillars
{
    public static RuleCatalog Rules { get; } = new([.. PlanRules.Registrations, .. GraphRuleSet.Registrations, .. CanaryRules.Registrations, Server.Integrations.RolloutApproval.Rule, .. DeliveryRules.Registrations, .. ModelRules.Registrations, .. ManifestRules.Registrations]);

    public static PolicyVocabulary Vocabulary { get; } = new(Rules) { CustomRuleSample = ChangeValues.Sample };
}
