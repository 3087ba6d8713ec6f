namespace Tollgate.Domain.Delivery;

/// <summary>
/// One ingested fact about deliveries, keyed by the id of the event that carried it: recording the same
/// <see cref="EventId"/> twice records it once.
/// </summary>
public abstract record DeliveryEvent(string EventId, string Type);
