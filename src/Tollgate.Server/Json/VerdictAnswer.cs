namespace Tollgate.Server.Json;

/// <summary>The core of every verdict answer (the report JSON of docs/report-format.md has more), for the OpenAPI document.</summary>
public sealed record VerdictAnswer(string Kind, string Subject, string Verdict, int ExitCode, string Reason)
{
    public string? Digest { get; init; }
}
