using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// <c>tollgate retention plan|apply</c>: reads the registry and the ledger's deploy history and plans; the plan's floor
/// findings go through <see cref="GatePipeline"/> (the policy applied), and an apply deletes only what a passing plan
/// deletes. The report is recorded either way.
/// </summary>
public sealed class RetentionGate(IArtifactRegistry registry, IDeliveryStore store)
{
    public async Task<RetentionPlan> PlanAsync(string repository, string service, int keep, CancellationToken cancellationToken)
    {
        var artifacts = await registry.ArtifactsAsync(repository, cancellationToken);
        var deploys = await store.DeploysAsync(service, null, cancellationToken);

        // A service of no deploy (the repository's last segment, shop/chekout): the deployed service its name is near, if any.
        var near = deploys.Count > 0 ? null
            : UnknownTarget.Near(service, [.. (await store.TargetsAsync(cancellationToken)).Select(t => t.Service).Distinct(StringComparer.Ordinal)]);
        return RetentionPlanner.Plan(service, repository, artifacts, deploys, keep, near);
    }

    public async Task<(Report Report, RetentionPlan Plan)> RunAsync(string repository, string service, int keep, string subject, bool apply, GateContext context)
    {
        var plan = await PlanAsync(repository, service, keep, context.Cancellation);
        var judged = await GatePipeline.JudgeAsync(RetentionReport.Evidence(plan, subject, apply, refused: false), context);
        var refused = judged.Verdict != Verdict.Pass;
        if (apply && !refused)
        {
            // Oldest first (the plan lists newest first): an apply stopped midway has deleted the oldest and kept the newer.
            var oldestFirst = plan.Deletions.Reverse().ToList();
            var done = 0;
            try
            {
                foreach (var deletion in oldestFirst)
                {
                    await registry.DeleteAsync(repository, deletion.Digest, context.Cancellation);
                    done++;
                }
            }
            catch (Exception e) when (done > 0 && e is Domain.InvalidInputException or HttpRequestException or IOException)
            {
                // Stopped midway: a failed apply (exit 1), recorded as such with what it deleted and what it did not.
                var made = plan with { Deletions = [.. oldestFirst.Take(done).Reverse()], NotDeleted = [.. oldestFirst.Skip(done).Reverse()] };
                return (await GatePipeline.RecordAsync(RetentionReport.Stopped(judged, made, e.Message), context), made);
            }
        }

        var report = refused ? judged with { Summary = RetentionReport.Summary(plan, refused), Facts = RetentionReport.Facts(plan, apply, refused) } : judged;
        return (await GatePipeline.RecordAsync(report, context), plan);
    }
}
