using Tollgate.Canary.Judgement;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Reporting;

/// <summary>
/// Why a canary report holds, as far as a controller deciding whether to send the canary more traffic needs to know:
/// a hold that only waits for canary requests (no canary series or traffic yet, fewer than <c>minSamples</c>) is cured
/// by more traffic; any other hold is not (the source cannot be read, the baseline has no data, an answer is unusable,
/// an estimate is beyond its bound without the confidence to roll back), and neither is a hold the judge did not explain.
/// </summary>
public static class CanaryHold
{
    /// <summary>
    /// True when <paramref name="report"/> is a canary <c>hold</c> whose every counted finding is a slice within its
    /// bounds or one short of canary data, and at least one is short of it.
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
                case ("min-samples", "min-samples"):
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
}
