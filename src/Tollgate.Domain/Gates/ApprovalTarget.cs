using Tollgate.Domain.Findings;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;

namespace Tollgate.Domain.Gates;

/// <summary>
/// What an approval is of: the digest it binds to, the subject, and the findings that ask for a review under the
/// policy, with the kind's words for them. <c>tollgate approve</c> and the server's <c>POST /api/v1/approvals</c>
/// build it the same way, so the same allowed approvers count.
/// </summary>
public sealed record ApprovalTarget(string Digest, string Subject, IReadOnlyList<Finding> Reviewing, ReviewedFindings Reviewed, string Nothing)
{
    /// <summary>The findings that fail the gate whatever is approved: an approval recorded beside them clears none.</summary>
    public IReadOnlyList<Finding> Failing { get; init; } = [];

    /// <summary>
    /// What to tell an approver of a target that still fails (null when none does): the gate's verdict stays fail, and
    /// what would change it.
    /// </summary>
    public string? StillFails() => Failing.Count == 0 ? null
        : $"the gate still fails on {Counted.Of(Failing.Count, "finding")} no approval clears ({string.Join(", ", Failing.Take(3).Select(f => $"{f.Rule} {f.Address}"))}{(Failing.Count > 3 ? ", …" : "")}): fix them, or add a policy exception";

    /// <summary>The path approvers' <c>path:</c> globs are matched against (<see cref="ApproverPath"/>); null matches <see cref="Subject"/>.</summary>
    public string? ApprovalPath { get; init; }

    /// <summary>True for a report digest: <c>sha256:</c> and 64 lowercase hex digits.</summary>
    public static bool IsDigest(string text) =>
        text.Length == 71 && text.StartsWith("sha256:", StringComparison.Ordinal) && text.AsSpan(7).IndexOfAnyExcept(LowerHex) < 0;

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// A recorded report: the newest verdict on the digest, and what it asks to review under <paramref name="policy"/>,
    /// as the gate would judge it now: the exceptions of the policy it was recorded with (suppressions with a pattern; a
    /// scanner's own stay) are taken off and this policy's applied (an expired one no longer clears), the findings of a
    /// rule it disables are dropped; the recorded severities stand.
    /// </summary>
    public static async Task<ApprovalTarget> RecordedAsync(string digest, ILedger ledger, Policy policy, IReadOnlyList<RuleInfo> rules, TimeProvider clock, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var entry = await ledger.LatestForAsync(digest, cancellationToken)
            ?? throw new InvalidInputException($"no report with digest {digest} is recorded in this ledger: run the gate first (approvals bind to a report it recorded)");
        // Asked as the report's own gate asked it: a state split's findings ask for the review it records.
        var applied = policy.For(entry.Kind, rules);
        // A rule this policy turns off (enabled: false) asks for nothing, as the gate run drops its findings.
        var recorded = FindingsJson.Read(entry.Findings).Where(f => applied.IsEnabled(f.Rule)).Select(f => f.Suppression is { Pattern: not null } ? f with { Suppression = null } : f);
        // Exceptions only: the recorded severities stand (an outcome's severity is not in the recorded JSON to protect).
        var findings = PolicyApplication.Apply(applied with { Rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal) }, recorded, clock).Findings;
        var reviewing = VerdictDecision.Reviewing(applied, rules, findings);
        return new ApprovalTarget(digest, entry.Subject, reviewing, ReviewedFindings.OfReport(entry.Kind, entry.Subject, reviewing), $"nothing in the {entry.Kind} report on {entry.Subject} asks for a review under this policy (it was recorded as {entry.Verdict})")
        {
            Failing = VerdictDecision.Failing(applied, rules, findings),
            // The path the gate matched, as it recorded it; a verdict recorded before the ledger kept it: worked out
            // again from this working directory, as before.
            ApprovalPath = entry.ApprovalPath ?? (workingDirectory is null ? null : ApproverPath.Of(entry.Subject, workingDirectory)),
        };
    }

    /// <summary>The resources this approval is asked for, distinct, in report order.</summary>
    public IReadOnlyList<string> Covered() => [.. Reviewing.Select(f => f.Address).Distinct()];

    /// <summary>Per reviewed resource, whether the policy's allowed approvers count <paramref name="approval"/> there.</summary>
    public IReadOnlyList<ReviewNeed> Needs(Policy policy, Approval approval) => ApprovalTally.Count(policy, Reviewing, [approval], ApprovalPath ?? Subject);

    /// <summary>
    /// Per reviewed resource, what every recorded approval of the digest adds up to: the gate's own count
    /// (<see cref="ApprovalTally.Count"/>, as <see cref="VerdictDecision.Decide"/> counts), distinct approvers, each
    /// only where the policy allows them.
    /// </summary>
    public IReadOnlyList<ReviewNeed> Tally(Policy policy, IReadOnlyList<Approval> approvals) => ApprovalTally.Count(policy, Reviewing, approvals, ApprovalPath ?? Subject);

    /// <summary>
    /// How far the gate's count (<see cref="Tally"/>) has come: <c>counts for 1 of 2; terraform_data.db_orders still
    /// needs 1 more approval, by alice or bob</c>, or <c>counts for 2 of 2: …</c> once every resource has its approvals.
    /// </summary>
    public static string Progress(IReadOnlyList<ReviewNeed> tally, string policySource)
    {
        var unmet = tally.Where(n => n.Missing > 0).ToList();
        var head = $"counts for {tally.Count - unmet.Count} of {tally.Count}";
        if (unmet.Count == 0)
        {
            return $"{head}: every resource has the approvals policy {policySource} needs";
        }

        var still = unmet.Take(3).Select(n =>
            $"{n.Address} still needs {Counted.Of(n.Missing, "more approval", "more approvals")}{(n.Allowed is null ? "" : $", by {string.Join(" or ", n.Allowed)}")}");
        return $"{head}; {string.Join("; ", still)}{(unmet.Count > 3 ? $"; and {unmet.Count - 3} more" : "")}";
    }

    /// <summary>The resources where the policy's allowed approvers do not count <paramref name="approval"/>.</summary>
    public static IReadOnlyList<ReviewNeed> Refused(IReadOnlyList<ReviewNeed> needs) =>
        [.. needs.Where(n => n.Allowed is not null && n.CountedApprovers.Count == 0)];
}
