namespace Tollgate.Domain.Delivery;

/// <summary>One commit a deploy shipped; <see cref="CommittedAt"/> is when it was committed, if known.</summary>
public sealed record Change(string Id, DateTimeOffset? CommittedAt);
