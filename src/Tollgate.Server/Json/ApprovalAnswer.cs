namespace Tollgate.Server.Json;

/// <summary>The recorded approval, for the OpenAPI document.</summary>
public sealed record ApprovalAnswer(long Id, string Digest, string Subject, string By, string Reason, DateTimeOffset At, IReadOnlyList<string> Covers);
