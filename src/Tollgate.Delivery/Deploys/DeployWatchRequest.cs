using Tollgate.Canary.Spec;

namespace Tollgate.Delivery.Deploys;

/// <summary><c>tollgate deploy watch</c>: judge the window after the newest deploy of a service in an environment.</summary>
public sealed record DeployWatchRequest(string Service, string Environment, CanarySpec Spec, TimeSpan Timeout)
{
    public string? RollbackCommand { get; init; }

    public TimeSpan? Window { get; init; }

    public TimeSpan? MaxWait { get; init; }
}
