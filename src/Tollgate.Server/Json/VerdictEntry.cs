using System.Text.Json;

namespace Tollgate.Server.Json;

/// <summary>One recorded verdict, for the OpenAPI document; <see cref="Findings"/> only on <c>/api/v1/verdicts/{id}</c>.</summary>
public sealed record VerdictEntry(long Id, DateTimeOffset RecordedAt, string Kind, string Subject, string Digest, string Verdict, int ExitCode, string Reason, JsonElement Summary, JsonElement? Findings);
