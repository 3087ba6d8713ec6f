namespace Tollgate.Domain.Delivery;

/// <summary>A change was merged (CDEvents change merged); its commit time fills deploys that name it without one.</summary>
public sealed record ChangeEvent(string EventId, string Type, Change Change) : DeliveryEvent(EventId, Type);
