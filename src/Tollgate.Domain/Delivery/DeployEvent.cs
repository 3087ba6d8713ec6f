namespace Tollgate.Domain.Delivery;

/// <summary>A deploy started or finished (CDEvents service deployed / upgraded / rolled back, GitHub deployment).</summary>
public sealed record DeployEvent(string EventId, string Type, Deploy Deploy) : DeliveryEvent(EventId, Type);
