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
    public static bool AwaitsTraffic(Report report)
    {
        if (report.Kind != CanaryReport.Kind || report.Verdict != Verdict.Hold)
        {
            return false;
        }

        var waiting = false;
        foreach (var finding in report.Findings.Where(f => f.Suppression is null))
        {
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
                    return false;
            }
        }

        return waiting;
    }

    // A min-samples finding whose baseline is below the floor too (or that does not say which group is): more weight on
    // the canary takes requests from the baseline (the primary), so more canary traffic cannot cure it.
    private static bool BaselineBelow(IReadOnlyDictionary<string, object?> evidence) =>
        !evidence.TryGetValue("below", out var below) || below is not IEnumerable<string> groups || groups.Contains("baseline", StringComparer.Ordinal);
}
