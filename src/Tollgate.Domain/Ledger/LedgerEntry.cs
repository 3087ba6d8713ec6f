namespace Tollgate.Domain.Ledger;

/// <summary>One recorded verdict as it sits in the ledger.</summary>
public sealed record LedgerEntry(
    long Id,
    DateTimeOffset RecordedAt,
    string Kind,
    string Subject,
    string Digest,
    string Verdict,
    int ExitCode,
    string Reason,
    string Summary,
    string Findings)
{
    /// <summary>
    /// Whether the gate read the digest's approvals (<see cref="Reports.Report.ApprovalsRead"/>); null for a verdict
    /// recorded before the ledger kept it (or not by a gate), which is read as having read them.
    /// </summary>
    public bool? ApprovalsRead { get; init; }

    /// <summary>
    /// The path approvers' <c>path:</c> globs were matched against when the gate ran (<see cref="Reports.Report.ApprovalPath"/>);
    /// null for a verdict recorded before the ledger kept it, whose path is worked out again from the subject.
    /// </summary>
    public string? ApprovalPath { get; init; }
}
