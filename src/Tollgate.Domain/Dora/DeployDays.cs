using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>Builds <see cref="DeployDay"/>s from deploys with exactly the rules <see cref="DoraCalculator"/> counts by.</summary>
public static class DeployDays
{
    /// <summary>A deploy that counts: finished (success or failed), not still running.</summary>
    public static bool Counts(Deploy deploy) => deploy.Result != DeployResult.Running && deploy.FinishedAt is not null;

    /// <summary>The UTC day a counted deploy belongs to.</summary>
    public static DateOnly DayOf(DateTimeOffset finished) => DateOnly.FromDateTime(finished.UtcDateTime);

    /// <summary>
    /// Whether a deploy ships its changes for lead time: it is not a rollback, and it succeeded, or it was marked failed
    /// after it finished as a success (<see cref="Deploy.AmendedFailed"/>: it ran in its environment, so its changes
    /// reached it; the change failure rate still counts it failed). One that failed as it finished, or that its watch
    /// window failed and rolled back, ships nothing. A change's lead time is
    /// sampled once, at the first deploy of its service and environment that ships it (by finish time; DORA's "time it
    /// takes a commit to get into production", https://dora.dev/guides/dora-metrics-four-keys/): a re-deploy of the same
    /// change after a rollback adds no second sample. <see cref="FirstShipments"/> finds those deploys among a history,
    /// and the ledger's <c>FirstShipment</c> SQL does the same on its tables.
    /// </summary>
    public static bool Ships(Deploy deploy) =>
        (deploy.Result == DeployResult.Success || deploy.Result == DeployResult.Failed && deploy.AmendedFailed) && deploy.Intent != DeployIntent.Rollback && deploy.FinishedAt is not null;

    /// <summary>
    /// Lead-time samples of a finished deploy in ticks: finished minus commit time per change it ships first (a change
    /// whose <see cref="Change.CommittedAt"/> is unknown, or that an earlier deploy shipped, is given with none); a
    /// deploy that does not <see cref="Ships"/> and non-positive spans add none.
    /// </summary>
    public static IEnumerable<long> LeadTicks(Deploy deploy)
    {
        if (!Ships(deploy) || deploy.FinishedAt is not { } finished)
        {
            yield break;
        }

        foreach (var change in deploy.Changes)
        {
            if (change.CommittedAt is { } committed && finished > committed)
            {
                yield return (finished - committed).Ticks;
            }
        }
    }

    /// <summary>The days of the counted deploys among <paramref name="deploys"/>, one per service, environment and day.</summary>
    public static List<DeployDay> Of(IEnumerable<Deploy> deploys)
    {
        var tally = new DeployDayTally();
        foreach (var deploy in deploys)
        {
            tally.Add(deploy);
        }

        return tally.Days();
    }
}
