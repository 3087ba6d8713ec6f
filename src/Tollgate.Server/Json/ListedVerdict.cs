using System.Text.Json.Nodes;

namespace Tollgate.Server.Json;

/// <summary>One recorded verdict as <c>GET /api/v1/verdicts</c> lists it (without its findings), for the OpenAPI document.</summary>
public sealed record ListedVerdict(long Id, DateTimeOffset RecordedAt, string Kind, string Subject, string Digest, string Verdict, int ExitCode, string Reason, JsonObject Summary);
