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
    string Findings);
