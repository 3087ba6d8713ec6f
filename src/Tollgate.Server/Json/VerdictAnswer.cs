using System.Text.Json.Nodes;
using Tollgate.Domain.Reports;

namespace Tollgate.Server.Json;

/// <summary>
/// A verdict answer: the JSON core of docs/report-format.md, for the OpenAPI document. A route that answers 2xx
/// without a judgement (Argo's analysis, Flagger's <c>rollout</c>) gives the same core: <c>digest</c> null, a summary of
/// zeros, no findings, and <c>recorded</c> false.
/// </summary>
/// <param name="Digest">The digest of what was judged; null when nothing was judged.</param>
/// <param name="Summary">Counts per kind (a plan's actions, a canary's slices).</param>
public sealed record VerdictAnswer(ToolInfo Tool, string Kind, string Subject, string? Digest, string Verdict, int ExitCode, string Reason, JsonObject Summary, IReadOnlyList<JsonObject> Findings, IReadOnlyList<JsonObject> Approvals)
{
    /// <summary>Kind-specific facts (terraform version, canary window, the policy's source).</summary>
    public JsonObject? Facts { get; init; }

    /// <summary>Present, and false, only on an answer that is no judgement: nothing was judged or recorded.</summary>
    public bool? Recorded { get; init; }
}
