using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Rules;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The Terraform plan gate: runs every plan rule and decides with the policy (<see cref="PolicyDecision"/>): a
/// finding at or above <c>failOn</c> fails; anything destroyed, replaced or forgotten needs a human review bound to
/// this plan's digest; with enough allowed approvals of that digest the gate passes.
/// </summary>
public sealed class PlanGate
{
    public IReadOnlyList<IPlanRule> Rules { get; init; } = PlanRules.All;

    public int RequiredApprovals { get; init; } = 1;

    /// <summary>The team's policy (tollgate.yaml); without one, the defaults with <see cref="RequiredApprovals"/>.</summary>
    public Policy? Policy { get; init; }

    private Policy EffectivePolicy => Policy ?? Policy.Default with { RequireApprovals = RequiredApprovals };

    public IReadOnlyList<Finding> Evaluate(TerraformPlan plan)
    {
        var analysis = new PlanAnalysis(plan);
        return Rules.SelectMany(r => r.Evaluate(analysis)).ToList();
    }

    public Report Judge(string subject, TerraformPlan plan, IReadOnlyList<Finding> findings, IReadOnlyList<Approval> approvals)
    {
        var decision = PolicyDecision.Decide(EffectivePolicy, findings, approvals, subject, plan.Digest);
        var verdict = decision.Verdict;
        var reason = decision.Reason;
        if (plan.Complete == false && verdict is Verdict.Pass or Verdict.Review)
        {
            // An incomplete plan is not the whole change: what terraform deferred is judged by no one yet.
            verdict = Verdict.Hold;
            reason = $"the plan is incomplete (complete: false, {plan.DeferredChanges} deferred change{(plan.DeferredChanges == 1 ? "" : "s")}): "
                + "apply it only as part of the run that plans the rest, and gate that plan; " + reason;
        }
        var ordered = findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => RuleOrder(f.Rule))
            .ThenBy(f => f.Module, StringComparer.Ordinal)
            .ThenBy(f => f.Address, StringComparer.Ordinal)
            .ToList();
        var facts = new List<KeyValuePair<string, string>>
        {
            new("terraformVersion", plan.TerraformVersion),
            new("formatVersion", plan.FormatVersion),
        };
        if (plan.Complete == false)
        {
            facts.Add(new("complete", "false: some changes are deferred to a later plan"));
        }

        if (PlanFormat.IsPreRelease(plan.FormatVersion))
        {
            facts.Add(new("formatLimits", "format " + plan.FormatVersion + " (Terraform 0.12 to 1.0) has no previous_address, relevant_attributes or checks, and may lack action_reason and replace_paths: moves, check results and replacement causes are not known"));
        }

        return new Report("terraform-plan", subject, plan.Digest, verdict, plan.Summary.ToPairs(), ordered)
        {
            Approvals = approvals,
            Reason = reason,
            Facts = facts,
        };
    }

    private static int RuleOrder(string rule) => rule switch
    {
        "destroy" => 0,
        "replace-chain" => 1,
        "replace" => 2,
        "forget" => 3,
        "rename-suspect" => 4,
        _ => 5,
    };

}
