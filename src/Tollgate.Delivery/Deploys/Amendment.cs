using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// What <c>deploy finish --deploy ID --result failed</c> recorded (<see cref="DeployFinish.AmendAsync"/>): the deploy as
/// it now stands, and, with <c>--watch-failed</c>, whether its watch's failure was on record already (the watch recorded
/// it, the ledger then refused the deploy's failure): then only the failure is recorded, never a second watch outcome.
/// </summary>
public sealed record Amendment(Deploy Deploy, bool ByWatch, bool WatchAlreadyRecorded = false)
{
    /// <summary>The one line the command says.</summary>
    public string Line => (ByWatch, WatchAlreadyRecorded) switch
    {
        (true, true) => $"marked {TextSafe.Line(Deploy.Id)} failed by its watch window (its watch's failure was already recorded: not recorded again): DORA counts it in the change failure rate, and its changes as not shipped",
        (true, false) => $"marked {TextSafe.Line(Deploy.Id)} failed by its watch window: DORA counts it in the change failure rate, and its changes as not shipped",
        _ => $"marked {TextSafe.Line(Deploy.Id)} failed (it had finished as a success): DORA counts it in the change failure rate",
    };
}
