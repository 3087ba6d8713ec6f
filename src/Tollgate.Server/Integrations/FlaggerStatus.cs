using Microsoft.AspNetCore.Http;
using Tollgate.Canary.Reporting;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Server.Integrations;

/// <summary>
/// The status a judged Flagger hook answers, which is all Flagger reads of it (200–202 yes, anything else no), per
/// what Flagger does with a no (<see href="https://github.com/fluxcd/flagger/blob/main/pkg/controller/scheduler_hooks.go"/>):
/// <list type="bullet">
/// <item><c>rollout</c>, each analysis interval: a no counts one failed check toward the Canary's <c>threshold</c>, and
/// failed checks are not reset within a revision, so only <c>fail</c> is a no (412); a hold (too little data yet,
/// Prometheus unreachable) is 200, since holds early in a canary are normal and must not roll back a good change.</item>
/// <item><c>confirm-traffic-increase</c>, before each weight step: a no pauses at this weight and asks again next
/// interval. Yes on <c>pass</c>, on a hold that more canary traffic cures (<see cref="CanaryHold.AwaitsTraffic"/>:
/// the first step starts from no canary traffic at all), and on a hold only for a window not complete with every slice
/// within its bounds (<see cref="CanaryHold.WithinSoFar"/>: the steps go on while the first window runs); 403 on a fail, a review, or a hold more traffic would not cure
/// (blind, or an estimate beyond its bound: no more users for a canary that looks worse).</item>
/// <item><c>confirm-promotion</c>: yes on <c>pass</c> only; 403 keeps Flagger waiting, running the other checks.</item>
/// <item><c>rollback</c>: yes (200: roll back now) on <c>fail</c> only; 404 signals no rollback.</item>
/// </list>
/// A request not judged (the ledger could not record a verdict other than <c>fail</c>) is a hold: 200 for <c>rollout</c>,
/// the no of the others; a <c>fail</c> the ledger could not record is answered as a recorded one (roll back).
/// </summary>
public static class FlaggerStatus
{
    public static int Of(string hook, Report report) => hook switch
    {
        "rollout" => report.Verdict == Verdict.Fail ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status200OK,
        "confirm-traffic-increase" => report.Verdict == Verdict.Pass || CanaryHold.MoreWeightIsSafe(report) ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden,
        "confirm-promotion" => report.Verdict == Verdict.Pass ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden,
        "rollback" => report.Verdict == Verdict.Fail ? StatusCodes.Status200OK : StatusCodes.Status404NotFound,
        _ => throw new ArgumentOutOfRangeException(nameof(hook), hook, "not a judged Flagger hook"),
    };

    /// <summary>The status of a request the server could not judge: a hold's.</summary>
    public static int NotJudged(string hook) => hook switch
    {
        "rollout" => StatusCodes.Status200OK,
        "rollback" => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status403Forbidden,
    };
}
