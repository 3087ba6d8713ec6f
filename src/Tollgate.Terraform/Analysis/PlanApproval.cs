using Tollgate.Domain.Gates;

namespace Tollgate.Terraform.Analysis;

/// <summary>A plan as the target of an approval: its digest, and the findings that ask for a review under the policy.</summary>
public static class PlanApproval
{
    public static async Task<ApprovalTarget> TargetAsync(PlanRequest request, GateContext context)
    {
        var plan = await PlanGate.LoadAsync(request, context);
        var evidence = new PlanGate().Gather(request, plan, context);
        var reviewing = evidence.Findings.Where(f => VerdictDecision.AsksForReview(context.Policy, evidence.Rules, f)).ToList();
        return new ApprovalTarget(plan.Digest, request.Plan, reviewing, "destroyed, replaced or forgotten", "this plan destroys, replaces and forgets nothing");
    }
}
