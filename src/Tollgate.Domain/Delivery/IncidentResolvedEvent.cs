namespace Tollgate.Domain.Delivery;

/// <summary>A recorded incident (by its subject id) was resolved.</summary>
public sealed record IncidentResolvedEvent(string EventId, string Type, string IncidentId, DateTimeOffset At) : DeliveryEvent(EventId, Type);
