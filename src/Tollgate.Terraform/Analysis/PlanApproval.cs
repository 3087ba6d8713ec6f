using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Terraform.GraphRules;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// A plan as the target of an approval: the digest the gate binds its review to, and the findings that ask for a
/// review once the policy is applied, as <see cref="GatePipeline"/> decides them.
/// </summary>
public static class PlanApproval
{
    public static async Task<ApprovalTarget> TargetAsync(PlanRequest request, GateContext context)
    {
        var plan = await PlanGate.LoadAsync(request, context);
        var evidence = new PlanGate().Gather(request, plan, context);
        var applied = PolicyApplication.Apply(context.Policy, evidence.Findings, context.Clock);
        var reviewing = VerdictDecision.Reviewing(context.Policy, evidence.Rules, applied.Findings);
        // A failing check or a graph finding under review is not a resource destroyed, replaced or forgotten.
        var changesOnly = !reviewing.Any(f => f.Rule == "check-failed" || GraphRuleSet.Registrations.Any(r => r.Id == f.Rule));
        return new ApprovalTarget(
            evidence.BindDigest!(reviewing),
            request.Plan,
            reviewing,
            changesOnly ? "destroyed, replaced or forgotten" : "that the policy asks a review for",
            "this plan destroys, replaces and forgets nothing");
    }
}
