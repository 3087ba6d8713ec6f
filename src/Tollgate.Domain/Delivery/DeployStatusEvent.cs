namespace Tollgate.Domain.Delivery;

/// <summary>A recorded deploy (by its id) reached a terminal state (GitHub <c>deployment_status</c>).</summary>
public sealed record DeployStatusEvent(string EventId, string Type, string DeployId, DeployResult Result, DateTimeOffset At)
    : DeliveryEvent(EventId, Type);
