namespace Tollgate.Server.Json;

/// <summary>One approval of a recorded verdict's digest: who, why, when, as the report's <c>approvals</c> list it.</summary>
public sealed record RecordedApproval(string By, string Reason, DateTimeOffset At, string Digest);
