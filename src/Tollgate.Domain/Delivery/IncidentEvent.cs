namespace Tollgate.Domain.Delivery;

/// <summary>An incident was detected (CDEvents incident detected / reported).</summary>
public sealed record IncidentEvent(string EventId, string Type, Incident Incident) : DeliveryEvent(EventId, Type);
