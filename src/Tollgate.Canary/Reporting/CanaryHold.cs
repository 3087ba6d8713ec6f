using Tollgate.Canary.Judgement;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Reporting;

/// <summary>
/// Why a canary report holds, as far as a controller deciding whether to send the canary more traffic needs to know:
/// a hold that only waits for canary requests (no canary series or traffic yet, fewer than <c>minSamples</c> canary
/// requests) is cured by more traffic; any other hold is not (the source cannot be read, the baseline has no data or
/// fewer than <c>minSamples</c> requests, which more canary weight would only cut further, an answer is unusable, an
/// estimate is beyond its bound without the confidence to roll back), and neither is a hold the judge did not explain.
/// </summary>
public static class CanaryHold
{
    /// <summary>
    /// True when <paramref name="report"/> is a canary <c>hold</c> whose every counted finding is a slice within its
    /// bounds or one short of canary data (with a baseline at its <c>minSamples</c>), and at least one is short of it.
    /// </summary>
    public static bool AwaitsTraffic(Report report) => Standing(report) == Hold.AwaitsTraffic;

    /// <summary>
    /// True when <paramref name="report"/> is a canary <c>hold</c> only because the window is not complete (the canary
    /// has not run all of it yet): every counted finding a slice within its bounds, and at least one. More weight is
    /// safe; the promotion still waits for the whole window.
    /// </summary>
    public static bool WithinSoFar(Report report) => Standing(report) == Hold.WithinSoFar;

    /// <summary>
    /// True when more canary weight is safe while <paramref name="report"/> holds: the hold awaits canary traffic
    /// (<see cref="AwaitsTraffic"/>) or only the rest of the window (<see cref="WithinSoFar"/>). One walk of the findings.
    /// </summary>
    public static bool MoreWeightIsSafe(Report report) => Standing(report) != Hold.Other;

    private enum Hold
    {
        Other,
        AwaitsTraffic,
        WithinSoFar,
    }

    /// <summary>What a canary hold waits for, from one walk of its counted findings.</summary>
    private static Hold Standing(Report report)
    {
        if (report.Kind != CanaryReport.Kind || report.Verdict != Verdict.Hold)
        {
            return Hold.Other;
        }

        var (waiting, counted) = (false, 0);
        foreach (var finding in report.Findings.Where(f => f.Suppression is null))
        {
            counted++;
            var status = finding.Evidence.TryGetValue("status", out var value) ? value as string : null;
            var reason = finding.Evidence.TryGetValue("reason", out var why) ? why as string : null;
            switch (finding.Rule, status)
            {
                case ("min-samples", "min-samples") when !BaselineBelow(finding.Evidence):
                case ("no-data", "no-data") when reason is DataGate.NoCanarySeries or DataGate.NoCanaryTraffic:
                    waiting = true;
                    break;
                case (_, "within"):
                    break;
                default:
                    return Hold.Other;
            }
        }

        return waiting ? Hold.AwaitsTraffic
            : counted > 0 && report.Facts.Any(f => f.Key == "windowComplete" && f.Value == "false") ? Hold.WithinSoFar
            : Hold.Other;
    }

    // A min-samples finding whose baseline is below the floor too (or that does not say which group is): more weight on
    // the canary takes requests from the baseline (the primary), so more canary traffic cannot cure it.
    private static bool BaselineBelow(IReadOnlyDictionary<string, object?> evidence) =>
        !evidence.TryGetValue("below", out var below) || below is not IEnumerable<string> groups || groups.Contains("baseline", StringComparer.Ordinal);
}
