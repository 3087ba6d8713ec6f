namespace Tollgate.Domain.Delivery;

/// <summary>A recorded deploy (by its id) was watched: a watch began, or ended with <paramref name="Watch"/>.</summary>
public sealed record DeployWatchEvent(string EventId, string Type, string DeployId, DeployWatch Watch, DateTimeOffset At)
    : DeliveryEvent(EventId, Type);
