namespace Tollgate.Server.Json;

/// <summary>A finding that fails the gate whatever is approved (an approval clears none), in an <see cref="ApprovalAnswer"/>.</summary>
public sealed record StillFailing(string Rule, string Address);
