namespace Tollgate.Domain.Delivery;

/// <summary>A service and an environment it has a deploy recorded in.</summary>
public sealed record DeployTarget(string Service, string Environment);
