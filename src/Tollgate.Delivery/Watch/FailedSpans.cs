using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// The spans before a deploy that its pre-deploy baseline must not read (<see cref="PreDeployBaseline.Exclude"/>):
/// each failed deploy's (a rolled-back one's, a failed rollback's), from its start to the end of the rollback that
/// remediates it, or else to the start of the deploy that followed it. Read newest first, one indexed row at a time
/// (never the service's whole history), as far back as a baseline of <c>lookback</c> moved past them could reach,
/// and at most <see cref="MaxDeploys"/> deploys back.
/// </summary>
public static class FailedSpans
{
    /// <summary>How many earlier deploys are read at most.</summary>
    public const int MaxDeploys = 50;

    public static async Task<IReadOnlyList<ExcludedSpan>> ReadAsync(IDeliveryStore store, Deploy deploy, TimeSpan lookback, CancellationToken cancellationToken)
    {
        var spans = new List<ExcludedSpan>();
        var baselineEnd = deploy.StartedAt; // the baseline ends where the deploy began (PreDeployBaseline.SkipRollout)
        var next = deploy;
        for (var read = 0; read < MaxDeploys; read++)
        {
            var earlier = await store.NewestStartedAsync(deploy.Service, deploy.Environment, DateTimeOffset.MinValue, next.StartedAt.AddMilliseconds(-1), cancellationToken);
            if (earlier is null)
            {
                break;
            }

            var end = next.Intent == DeployIntent.Rollback && next.Remediates == earlier.Id ? next.FinishedAt ?? next.StartedAt : next.StartedAt;
            if (end <= baselineEnd - lookback)
            {
                break; // older deploys ended before the longest baseline could start
            }

            if (earlier.Result == DeployResult.Failed)
            {
                spans.Add(new ExcludedSpan(earlier.Version, earlier.StartedAt, end));
                baselineEnd = earlier.StartedAt < baselineEnd ? earlier.StartedAt : baselineEnd;
            }

            next = earlier;
        }

        return spans;
    }
}
