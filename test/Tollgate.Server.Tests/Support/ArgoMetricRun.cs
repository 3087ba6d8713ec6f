namespace Tollgate.Server.Tests.Support;

/// <summary>
/// How Argo Rollouts ends one metric of an AnalysisRun from its measurements' phases, for the shipped template's fields
/// (<c>count</c>, <c>failureLimit</c>, <c>inconclusiveLimit</c>, <c>consecutiveSuccessLimit</c>), after
/// <c>assessMetricStatus</c> and <c>assessMetricFailureInconclusiveOrError</c> in argo-rollouts' <c>analysis/analysis.go</c>
/// (https://github.com/argoproj/argo-rollouts/blob/master/analysis/analysis.go): a limit passed ends it Failed or
/// Inconclusive; then <c>consecutiveSuccessLimit</c> successes in a row end it Successful; at <c>count</c> it is
/// Inconclusive when both limits apply, and otherwise Successful. A controller before v1.8 has no
/// <c>consecutiveSuccessLimit</c> (the API server drops the field), so <paramref name="knowsConsecutiveSuccessLimit"/>
/// false reads the template as such a controller does. Errors are not modelled: the service always answers 2xx.
/// </summary>
public static class ArgoMetricRun
{
    public static string Assess(ArgoMeasurement template, IEnumerable<string> phases, bool knowsConsecutiveSuccessLimit)
    {
        var count = template.Integer("count");
        var failureLimit = template.Integer("failureLimit") ?? 0;
        var inconclusiveLimit = template.Integer("inconclusiveLimit") ?? 0;
        var successLimit = knowsConsecutiveSuccessLimit ? template.Integer("consecutiveSuccessLimit") ?? 0 : 0;
        int measured = 0, failed = 0, inconclusive = 0, inRow = 0;
        foreach (var phase in phases)
        {
            measured++;
            failed += phase == "Failed" ? 1 : 0;
            inconclusive += phase == "Inconclusive" ? 1 : 0;
            inRow = phase == "Successful" ? inRow + 1 : 0;
            if (inconclusive > inconclusiveLimit)
            {
                return "Inconclusive";
            }

            if (failureLimit >= 0 && failed > failureLimit)
            {
                return "Failed";
            }

            if (successLimit > 0 && inRow >= successLimit)
            {
                return "Successful";
            }

            if (measured >= count)
            {
                return successLimit > 0 ? (failureLimit >= 0 ? "Inconclusive" : "Failed") : "Successful";
            }
        }

        return "Running";
    }
}
