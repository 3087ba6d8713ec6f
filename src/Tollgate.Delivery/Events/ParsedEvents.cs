using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>The delivery facts of an event file, and how many events were of types that carry none.</summary>
public sealed record ParsedEvents(IReadOnlyList<DeliveryEvent> Events, int Ignored);
