using System.Text.Json.Nodes;

namespace Tollgate.Server.Json;

/// <summary>One recorded verdict with its findings, as <c>GET /api/v1/verdicts/{id}</c> answers it, for the OpenAPI document.</summary>
/// <param name="Approvals">The approvals of its digest recorded by the time it was: the ones its gate read.</param>
public sealed record VerdictEntry(long Id, DateTimeOffset RecordedAt, string Kind, string Subject, string Digest, string Verdict, int ExitCode, string Reason, JsonObject Summary, IReadOnlyList<JsonObject> Findings, IReadOnlyList<RecordedApproval> Approvals);
