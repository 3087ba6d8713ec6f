using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>Builds <see cref="DeployDay"/>s from deploys with exactly the rules <see cref="DoraCalculator"/> counts by.</summary>
public static class DeployDays
{
    /// <summary>A deploy that counts: finished (success or failed), not still running.</summary>
    public static bool Counts(Deploy deploy) => deploy.Result != DeployResult.Running && deploy.FinishedAt is not null;

    /// <summary>The UTC day a counted deploy belongs to.</summary>
    public static DateOnly DayOf(DateTimeOffset finished) => DateOnly.FromDateTime(finished.UtcDateTime);

    /// <summary>Lead-time samples of a finished deploy in ticks: finished minus commit time per change; rollbacks and non-positive spans add none.</summary>
    public static IEnumerable<long> LeadTicks(Deploy deploy)
    {
        if (deploy.Intent == DeployIntent.Rollback || deploy.FinishedAt is not { } finished)
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
