using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary><c>tollgate deploy run</c>: deploy, watch, promote or roll back, as one unit.</summary>
public sealed record DeployRunRequest(
    string Service,
    string Version,
    string Environment,
    string DeployCommand,
    string RollbackCommand,
    CanarySpec Spec,
    TimeSpan Timeout)
{
    public DeployIntent Intent { get; init; } = DeployIntent.Planned;

    public IReadOnlyList<Change> Changes { get; init; } = [];

    /// <summary>The watch window's length (default: the spec's window).</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>How long to wait for a decision before giving up with hold (default: twice the window).</summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>Looks in a row whose every query Prometheus rejected before the watch stops with hold.</summary>
    public int ErrorLimit { get; init; } = WatchWindow.DefaultErrorLimit;

    /// <summary><c>--new-service</c>, <c>--new-environment</c>: record a name that nearly duplicates a known one (<see cref="NewTarget"/>).</summary>
    public bool NewService { get; init; }

    public bool NewEnvironment { get; init; }

    /// <summary>The ledger and policy options given (<c> --ledger PATH --policy FILE</c>, shell words), carried by every <c>tollgate</c> command the output tells the user to run.</summary>
    public string Connection { get; init; } = "";

    /// <summary>
    /// The check that refuses while another deploy or watch of the service and environment is under way
    /// (<see cref="DeployUnderWay"/> and the watch's), given the time now: made inside the claim that records this run's
    /// deploy (<see cref="Ledger.Delivery.IDeliveryStore.ClaimAsync"/>), serialized against every other claim of the
    /// target, so of runs started at once one deploys and the others are refused. The only check of it: what it writes
    /// (a note on a stale deploy it does not wait for) is said once the claim is decided, before its refusal or the deploy.
    /// Null: no check.
    /// </summary>
    public Func<DateTimeOffset, TextWriter, CancellationToken, Task>? UnderWay { get; init; }

    /// <summary>The <c>tollgate deploy watch …</c> command that judges the deploy again: printed when a signal stops the watch before it decided.</summary>
    public string? ResumeCommand { get; init; }
}
