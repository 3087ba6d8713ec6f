namespace Tollgate.Domain.Reports;

/// <summary>A human's review of one exact change, bound to its digest.</summary>
public sealed record Approval(string Digest, string By, string Reason, DateTimeOffset At, string Subject);
