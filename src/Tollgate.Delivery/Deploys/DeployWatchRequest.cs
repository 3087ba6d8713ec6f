using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;

namespace Tollgate.Delivery.Deploys;

/// <summary><c>tollgate deploy watch</c>: judge the window after the newest deploy of a service in an environment.</summary>
public sealed record DeployWatchRequest(string Service, string Environment, CanarySpec Spec, TimeSpan Timeout)
{
    public string? RollbackCommand { get; init; }

    public TimeSpan? Window { get; init; }

    public TimeSpan? MaxWait { get; init; }

    /// <summary>Looks in a row whose every query Prometheus rejected before the watch stops with hold.</summary>
    public int ErrorLimit { get; init; } = WatchWindow.DefaultErrorLimit;

    /// <summary>The ledger and policy options given (<c> --ledger PATH --policy FILE</c>, shell words), carried by every <c>tollgate</c> command the output tells the user to run.</summary>
    public string Connection { get; init; } = "";

    /// <summary>The <c>tollgate deploy watch …</c> command that judges the deploy again: printed when a signal stops the watch before it decided.</summary>
    public string? ResumeCommand { get; init; }
}
