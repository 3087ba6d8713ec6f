using System.Text.Json.Nodes;

namespace Tollgate.Server.Json;

/// <summary>One recorded verdict with its findings, as <c>GET /api/v1/verdicts/{id}</c> answers it, for the OpenAPI document.</summary>
/// <param name="Approvals">The approvals of its digest recorded by the time it was: the ones its gate read.</param>
/// <param name="ApprovalsRead">Whether its gate read the digest's approvals (a finding asked for a review); null for a verdict recorded before ledger step 0014.</param>
/// <param name="ApproverPath">The path approvers' <c>path:</c> globs were matched against; null when there was none, and for a verdict recorded before ledger step 0014.</param>
public sealed record VerdictEntry(long Id, DateTimeOffset RecordedAt, string Kind, string Subject, string Digest, string Verdict, int ExitCode, string Reason, JsonObject Summary,
    IReadOnlyList<JsonObject> Findings, IReadOnlyList<RecordedApproval> Approvals, bool? ApprovalsRead, string? ApproverPath);
