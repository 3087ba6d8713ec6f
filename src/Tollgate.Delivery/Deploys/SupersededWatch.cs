using System.Globalization;
using Tollgate.Delivery.Watch;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// A deploy a later one of the same service and environment superseded while it was watched (another pipeline's, begun
/// by the watch's deadline). The watch's looks stop at the later deploy's start (<see cref="WatchWindow.RunAsync"/>), so
/// the deploy is judged on its own traffic only: a pass decided before then stands (<see cref="AfterDecision"/>); a watch
/// its own traffic did not decide is held, never verified (<see cref="Held"/>). Either way an info <c>watch-window</c>
/// finding names the later deploy (<c>supersededBy</c>, <c>supersededAt</c>, as a failed watch's finding does).
/// </summary>
internal static class SupersededWatch
{
    /// <summary>The watch was cut short by <paramref name="newer"/> (or held on to its end) without a decision: held, saying why.</summary>
    /// <param name="last">The last look taken, all on the deploy's own traffic; null when the later deploy began before the first.</param>
    public static Evidence Held(Deploy deploy, Deploy newer, IReadOnlyList<Finding> drill, WatchLook? last)
    {
        var version = TextSafe.Line(deploy.Version);
        var undecided = last is null
            ? $"it began before the watch's first look, so no look measured {version}'s own traffic"
            : $"{version}'s own traffic up to then did not decide ({TextSafe.Line(last.Report.Reason)})";
        var reason = $"{Superseded(deploy, newer)} while it was watched: {undecided}, and the traffic after then is that deploy's, so the looks stopped there; {version} is held, not verified";
        var evidence = DeployReport.Evidence(deploy, reason, drill, last?.Report, last?.Evidence.Findings ?? [], null);
        return evidence with { Findings = [Finding(deploy, newer, reason), .. evidence.Findings], Pending = reason };
    }

    /// <summary>The watch passed on the deploy's own traffic, at a look before <paramref name="newer"/> began: the pass stands, the finding names the later deploy.</summary>
    public static Evidence AfterDecision(Deploy deploy, Deploy newer, Evidence passed)
    {
        var version = TextSafe.Line(deploy.Version);
        var message = $"{Superseded(deploy, newer)}, after its watch passed: the pass was judged on {version}'s own traffic only, before that deploy began, and stands";
        return passed with { Findings = [Finding(deploy, newer, message), .. passed.Findings] };
    }

    private static string Superseded(Deploy deploy, Deploy newer) => string.Create(CultureInfo.InvariantCulture,
        $"{TextSafe.Line(deploy.Version)} was superseded by deploy {TextSafe.Line(newer.Id)} ({TextSafe.Line(newer.Version)}) at {Rfc3339.Format(newer.StartedAt)}");

    private static Finding Finding(Deploy deploy, Deploy newer, string message) =>
        new(DeployReport.WatchWindowRule, Severity.Info, $"{deploy.Service}@{deploy.Environment}", message)
        {
            Evidence = new Dictionary<string, object?> { ["deploy"] = deploy.Id, ["supersededBy"] = newer.Id, ["supersededAt"] = Rfc3339.Format(newer.StartedAt) },
        };
}
