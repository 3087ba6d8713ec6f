namespace Tollgate.Server.Json;

/// <summary>The recorded approval, for the OpenAPI document.</summary>
/// <param name="Covers">The resources the approval is asked for.</param>
/// <param name="StillFailing">The findings that fail the gate whatever is approved.</param>
/// <param name="NotCountedFor">The resources where the policy's allowed approvers do not count it.</param>
public sealed record ApprovalAnswer(long Id, string Digest, string Subject, string By, string Reason, DateTimeOffset At, IReadOnlyList<string> Covers, IReadOnlyList<StillFailing> StillFailing, IReadOnlyList<NotCountedFor> NotCountedFor);
