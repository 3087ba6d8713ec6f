using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Rules;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The Terraform plan gate: runs every plan rule and decides. Anything destroyed, replaced or forgotten needs a
/// human review bound to this plan's digest; with enough approvals of that digest the gate passes.
/// </summary>
public sealed class PlanGate
{
    private static readonly HashSet<string> ReviewRules = new(StringComparer.Ordinal) { "destroy", "replace", "forget", "replace-chain" };

    public IReadOnlyList<IPlanRule> Rules { get; init; } = PlanRules.All;

    public int RequiredApprovals { get; init; } = 1;

    public IReadOnlyList<Finding> Evaluate(TerraformPlan plan)
    {
        var analysis = new PlanAnalysis(plan);
        return Rules.SelectMany(r => r.Evaluate(analysis)).ToList();
    }

    public Report Judge(string subject, TerraformPlan plan, IReadOnlyList<Finding> findings, IReadOnlyList<Approval> approvals)
    {
        var needsReview = findings.Where(f => ReviewRules.Contains(f.Rule)).Select(f => f.Address).Distinct().Count();
        var distinctApprovers = approvals.Select(a => a.By).Distinct(StringComparer.Ordinal).Count();
        Verdict verdict;
        string reason;
        if (needsReview == 0)
        {
            verdict = Verdict.Pass;
            reason = findings.Count == 0 ? "nothing is destroyed, replaced or forgotten" : "no finding needs a review";
        }
        else if (distinctApprovers >= RequiredApprovals)
        {
            verdict = Verdict.Pass;
            reason = $"{needsReview} resource{Plural(needsReview)} destroyed, replaced or forgotten; approved by {string.Join(", ", approvals.Select(a => a.By).Distinct())}";
        }
        else
        {
            verdict = Verdict.Review;
            reason = $"{needsReview} resource{Plural(needsReview)} destroyed, replaced or forgotten: needs {RequiredApprovals - distinctApprovers} more approval{Plural(RequiredApprovals - distinctApprovers)} of digest {plan.Digest}";
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

    private static string Plural(int n) => n == 1 ? "" : "s";
}
