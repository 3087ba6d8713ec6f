namespace Tollgate.Server.Json;

/// <summary>A resource where the policy's allowed approvers do not count this approval, in an <see cref="ApprovalAnswer"/>.</summary>
public sealed record NotCountedFor(string Address, IReadOnlyList<string> Allowed);
