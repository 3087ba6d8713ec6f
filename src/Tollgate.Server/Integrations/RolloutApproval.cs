using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Domain.Verdicts;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Flagger's <c>confirm-rollout</c> with <c>metadata.approval: required</c>: a revision of the Canary (its namespace,
/// name and Flagger's <c>checksum</c>) starts only once a person approved it. The question is a report of kind
/// <c>rollout</c> whose one finding (<c>rollout-approval</c>, critical, a review at any <c>failOn</c>) asks for a review,
/// and whose digest binds the revision: an approval of it (<c>POST /api/v1/approvals</c> with the digest, or
/// <c>tollgate approve --digest</c>) lets exactly that revision start, under the policy's allowed approvers and required
/// count, and a new revision asks again. The report is recorded when its verdict changes (the first ask, the first
/// after the approval), not each interval Flagger asks again.
/// </summary>
public sealed class RolloutApproval(ServerState state)
{
    public const string Kind = "rollout";

    public static readonly RuleInfo Rule = new("rollout-approval", Severity.Critical, "A rollout revision that starts only once a person approves it (Flagger's confirm-rollout with approval: required)")
    {
        Pillar = "Canary",
        AtFailOn = RuleOutcome.Review,
    };

    /// <summary>True when the webhook asks for an approval; a value other than <c>required</c> is the Canary's mistake.</summary>
    public static bool Required(FlaggerPayload payload) => payload.Meta("approval") switch
    {
        null => false,
        "required" => true,
        var other => throw new BadFieldException("metadata.approval", $"'{other}' is not a setting: give 'required' (each revision waits for an approval) or leave it out"),
    };

    /// <summary>The revision's approval question, judged under the server's policy: <c>pass</c> once approved, else <c>review</c>.</summary>
    public async Task<Report> JudgeAsync(FlaggerPayload payload, CancellationToken cancellationToken)
    {
        if (payload.Checksum.Length == 0)
        {
            throw new BadFieldException("checksum", "missing: an approval binds one rollout revision, which the checksum names");
        }

        var subject = $"{payload.Namespace}/{payload.Name}";
        var digest = ReportDigest.Of(["flagger confirm-rollout", payload.Namespace, payload.Name, payload.Checksum]);
        var finding = new Finding(Rule.Id, Rule.DefaultSeverity, subject, $"revision {payload.Checksum} of {subject} starts once approved")
        {
            Evidence = new Dictionary<string, object?> { ["controller"] = "flagger", ["checksum"] = payload.Checksum },
            Suggestion = $"approve this digest: POST /api/v1/approvals {{\"digest\": \"{digest}\", \"by\": …, \"reason\": …}}, or tollgate approve --digest {digest} --by … --reason …",
        };
        var evidence = new Evidence(Kind, subject, digest, [finding])
        {
            Rules = [Rule],
            Facts = [new("controller", "flagger"), new("checksum", payload.Checksum)],
            Wording = new DefaultWording("to roll out"),
        };
        var context = state.Context(state.Options.WorkingDirectory, cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var report = await GatePipeline.JudgeAsync(evidence, context);
        var last = await context.Ledger.LatestForAsync(report.Digest, cancellationToken);
        report = last?.Verdict == report.Verdict.WireName() ? report : await GatePipeline.RecordAsync(report, context);
        state.Metrics.Verdict(Kind, report.Verdict.WireName());
        state.Metrics.Judged(Kind, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return report;
    }
}
