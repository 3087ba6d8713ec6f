using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The deploy a failed one rolls back to: the latest earlier successful deploy of another version of its service in its
/// environment that is verified (<see cref="Deploy.Verified"/>: its watch passed, or Tollgate never watched it), as Argo Rollouts only
/// makes a revision stable once its rollout completed. Newer successes whose watch held or never ended are passed over
/// (<see cref="PassedOver"/>, newest first). When no earlier success is verified the latest one is still better than a
/// version known to fail: it is the target, and <see cref="Verified"/> is false.
/// </summary>
public sealed record RollbackTarget(Deploy Deploy, IReadOnlyList<Deploy> PassedOver)
{
    public bool Verified => Deploy.Verified;

    /// <summary>The target for <paramref name="failed"/> as the ledger's history of its service in its environment gives it.</summary>
    public static async Task<RollbackTarget?> ReadAsync(IDeliveryStore store, Deploy failed, CancellationToken cancellationToken) =>
        Choose(await store.DeploysAsync(failed.Service, failed.Environment, cancellationToken), failed);

    /// <summary>
    /// The target among <paramref name="history"/> for <paramref name="failed"/>; null when no earlier deploy of another
    /// version succeeded. An earlier success of the failing version itself (a re-run pipeline, a config-only change, a
    /// manual rollback re-deploying it) is never the target: "rolling back" to it would re-deploy what just failed.
    /// </summary>
    public static RollbackTarget? Choose(IReadOnlyList<Deploy> history, Deploy failed)
    {
        var failedAt = failed.FinishedAt ?? failed.StartedAt;
        var earlier = history
            .Where(d => d.Id != failed.Id && d.Version != failed.Version && d.Result == DeployResult.Success && (d.FinishedAt ?? d.StartedAt) <= failedAt)
            .OrderByDescending(d => d.FinishedAt ?? d.StartedAt)
            .ToList();
        if (earlier.Count == 0)
        {
            return null;
        }

        var verified = earlier.FindIndex(d => d.Verified);
        return verified < 0
            ? new RollbackTarget(earlier[0], [])
            : new RollbackTarget(earlier[verified], [.. earlier.Take(verified).Where(d => d.Version != earlier[verified].Version)]);
    }

    /// <summary>
    /// Why this version, in words, when it is not simply the latest success: "v2 is passed over: its watch held and never
    /// verified it", or "unverified: its watch held and never verified it, and no earlier successful deploy is verified";
    /// null when there is nothing to say.
    /// </summary>
    public string? Note()
    {
        if (!Verified)
        {
            return $"unverified: its watch {Ended(Deploy.Watch)} and never verified it, and no earlier successful deploy is verified";
        }

        var versions = PassedOver.Select(d => d.Version).Distinct().ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var how = PassedOver.Select(d => Ended(d.Watch)).Distinct().ToList();
        return versions.Count == 1
            ? $"{versions[0]} is passed over: its watch {string.Join(" or ", how)} and never verified it"
            : $"{string.Join(", ", versions)} are passed over: their watches {string.Join(" or ", how)} and never verified them";
    }

    /// <summary>The version with its <see cref="Note"/> in parentheses, as text (its control characters escaped).</summary>
    public string Describe() => TextSafe.Line(Deploy.Version + (Note() is { } note ? $" ({note})" : ""));

    private static string Ended(DeployWatch watch) => watch == DeployWatch.Held ? "held" : "never ended";
}
