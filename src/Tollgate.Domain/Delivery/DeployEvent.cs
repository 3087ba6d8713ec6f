namespace Tollgate.Domain.Delivery;

/// <summary>A deploy started or finished (CDEvents service deployed / upgraded / rolled back, GitHub deployment).</summary>
public sealed record DeployEvent(string EventId, string Type, Deploy Deploy) : DeliveryEvent(EventId, Type)
{
    /// <summary>
    /// Carried inside another event of the input (the deployment a GitHub <c>deployment_status</c> embeds): recorded like
    /// any deploy event, so a status whose deployment was never sent still has its deploy, but counted with the event
    /// that carries it rather than as one of its own (a file of 4 events says 4, not 4 recorded and 2 already recorded).
    /// </summary>
    public bool Carried { get; init; }
}
