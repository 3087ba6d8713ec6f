using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Gates;

/// <summary>
/// The one path every gate ends in, once it has gathered its <see cref="Evidence"/>: the policy's own rules for the
/// kind, the policy applied (<see cref="PolicyApplication"/>: disabled rules dropped, severities overridden, exceptions
/// marked), approvals of the digest read from the ledger (only when a finding asks for a review: nothing else counts
/// them), one <see cref="VerdictDecision"/> worded by the kind, and the report recorded in the ledger. Rendering is
/// the host's.
/// </summary>
public static class GatePipeline
{
    /// <remarks>
    /// The evidence is not held while the report is recorded: a gate's input (a plan's 200,000 changes and their bytes)
    /// can be collected once it is judged, so recording and rendering a large report do not add to it.
    /// </remarks>
    public static Task<Report> RunAsync(Evidence evidence, GateContext context) => RecordJudgedAsync(JudgeAsync(evidence, context), context);

    private static async Task<Report> RecordJudgedAsync(Task<Report> judged, GateContext context)
    {
        var report = await judged;
        await context.Ledger.RecordAsync(report, context.Cancellation);
        return report;
    }

    /// <summary>
    /// Everything but the record: for a gate that must act on the verdict (delete, deploy) before it records the
    /// report of what it did, which it then records with <see cref="RecordAsync"/>.
    /// </summary>
    public static async Task<Report> JudgeAsync(Evidence evidence, GateContext context)
    {
        if (evidence.PolicyRules is { } rules)
        {
            evidence = evidence with { Findings = [.. evidence.Findings, .. await rules.EvaluateAsync(context.Policy, context)] };
        }

        // Approvals only settle findings that ask for a review: without one, none can count, so none is read.
        var applied = PolicyApplication.Apply(context.Policy, evidence.Findings, context.Clock);
        var reviewing = VerdictDecision.Reviewing(context.Policy, evidence.Rules, applied.Findings);
        evidence = Bound(evidence, reviewing) with { ApprovalPath = evidence.ApprovalPath ?? ApproverPath.Of(evidence.Subject, context.WorkingDirectory) };
        var approvals = reviewing.Count > 0
            ? await context.Ledger.ApprovalsForAsync(evidence.Digest, context.Cancellation)
            : [];
        return Judge(evidence, applied, context.Policy, approvals, reviewing);
    }

    public static async Task<Report> RecordAsync(Report report, GateContext context)
    {
        await context.Ledger.RecordAsync(report, context.Cancellation);
        return report;
    }

    /// <summary>The pure middle of the pipeline: apply the policy, decide, word and order the report.</summary>
    public static Report Judge(Evidence evidence, Policy policy, IReadOnlyList<Approval> approvals, TimeProvider clock)
    {
        var applied = PolicyApplication.Apply(policy, evidence.Findings, clock);
        var reviewing = VerdictDecision.Reviewing(policy, evidence.Rules, applied.Findings);
        return Judge(Bound(evidence, reviewing), applied, policy, approvals, reviewing);
    }

    /// <summary>The evidence with the digest its approvals bind to, from the findings the applied policy asks a review for.</summary>
    private static Evidence Bound(Evidence evidence, IReadOnlyList<Finding> reviewing)
    {
        var digest = evidence.ReviewDigest(reviewing);
        return evidence with { Digest = digest, BindReview = _ => digest };
    }

    /// <param name="reviewing">The findings that ask for a review (<see cref="VerdictDecision.Reviewing"/>): approvals were read when there are any.</param>
    private static Report Judge(Evidence evidence, AppliedPolicy applied, Policy policy, IReadOnlyList<Approval> approvals, IReadOnlyList<Finding> reviewing)
    {
        var pending = evidence.PendingUnderPolicy is { } under ? under(applied.Findings) : evidence.Pending;
        var decision = VerdictDecision.Decide(policy, evidence.Rules, applied.Findings, approvals, evidence.ApprovalPath ?? evidence.Subject, evidence.Digest, pending);
        IReadOnlyList<Finding> ordered = evidence.Order is null ? applied.Findings : [.. applied.Findings.Order(evidence.Order)];
        var report = new Report(evidence.Kind, evidence.Subject, evidence.Digest, decision.Verdict, evidence.Summary, ordered)
        {
            Approvals = approvals,
            // What the gate read, recorded so `verdicts ID` and `approve --digest` use it rather than guess again.
            ApprovalsRead = reviewing.Count > 0,
            ApprovalPath = evidence.ApprovalPath,
            Reason = evidence.Wording.Reason(decision),
            Facts = evidence.Facts,
            TextFacts = evidence.FactsInText ? evidence.Facts.Count : 0,
            Notes = evidence.Notes,
            Figures = evidence.Figures,
            Headline = evidence.Headline,
            Blocking = new HashSet<Finding>(decision.Blocking, ReferenceEqualityComparer.Instance),
            ReviewRules = [.. applied.Findings.Where(f => VerdictDecision.AsksForReview(policy, evidence.Rules, f)).Select(f => f.Rule).Distinct()],
        };
        return applied.Annotate(report);
    }
}
