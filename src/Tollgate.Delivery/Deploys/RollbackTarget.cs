using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The deploy a failed one rolls back to: the latest earlier successful deploy of another version of its service in its
/// environment that is verified (<see cref="Deploy.Verified"/>: its watch passed, or Tollgate never watched it), as Argo Rollouts only
/// makes a revision stable once its rollout completed. Newer successes whose watch held or never ended are passed over
/// (<see cref="PassedOver"/>, newest first). A success whose next deploy is a successful rollback was undone (DORA counts
/// it failed: <see cref="IncidentLinker.RollbackNext"/>) and is never the target, whatever its watch made of it: it is
/// passed over too. When no earlier success is verified the latest one not undone is still better than a version known
/// to fail: it is the target, and <see cref="Verified"/> is false.
/// </summary>
public sealed record RollbackTarget(Deploy Deploy, IReadOnlyList<Deploy> PassedOver)
{
    public bool Verified => Deploy.Verified;

    /// <summary>The passed-over deploys a later rollback undid (the rest were passed over as unverified).</summary>
    public IReadOnlyList<Deploy> Undone { get; init; } = [];

    /// <summary>The target for <paramref name="failed"/> as the ledger's history of its service in its environment gives it.</summary>
    public static async Task<RollbackTarget?> ReadAsync(IDeliveryStore store, Deploy failed, CancellationToken cancellationToken) =>
        Choose(await store.DeploysAsync(failed.Service, failed.Environment, cancellationToken), failed);

    /// <summary>
    /// The target among <paramref name="history"/> for <paramref name="failed"/>; null when no earlier deploy of another
    /// version succeeded and was not undone by a rollback. An earlier success of the failing version itself (a re-run
    /// pipeline, a config-only change, a manual rollback re-deploying it) is never the target: "rolling back" to it would
    /// re-deploy what just failed.
    /// </summary>
    public static RollbackTarget? Choose(IReadOnlyList<Deploy> history, Deploy failed)
    {
        var failedAt = failed.FinishedAt ?? failed.StartedAt;
        var earlier = history
            .Where(d => d.Id != failed.Id && d.Version != failed.Version && d.Result == DeployResult.Success && (d.FinishedAt ?? d.StartedAt) <= failedAt)
            .OrderByDescending(d => d.FinishedAt ?? d.StartedAt)
            .ToList();
        var rollbacks = new IncidentLinker(history, TimeSpan.Zero);
        var undone = earlier.Where(d => rollbacks.RollbackNext(d) is not null).ToHashSet(ReferenceEqualityComparer.Instance);
        var candidates = earlier.Where(d => !undone.Contains(d)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var target = candidates.Find(d => d.Verified) ?? candidates[0];
        var newer = earlier.TakeWhile(d => !ReferenceEquals(d, target)).Where(d => d.Version != target.Version);
        List<Deploy> passedOver = target.Verified ? [.. newer] : [.. newer.Where(undone.Contains)];
        return new RollbackTarget(target, passedOver) { Undone = [.. passedOver.Where(undone.Contains)] };
    }

    /// <summary>
    /// Why this version, in words, when it is not simply the latest success: "v2 is passed over: its watch held and never
    /// verified it", "v7 is passed over: a rollback undid it", or "unverified: its watch held and never verified it, and
    /// no earlier successful deploy is verified"; null when there is nothing to say.
    /// </summary>
    public string? Note()
    {
        var undone = Undone.Select(d => d.Version).Distinct().ToList();
        var undoneNote = undone.Count switch
        {
            0 => null,
            1 => $"{undone[0]} is passed over: a rollback undid it",
            _ => $"{string.Join(", ", undone)} are passed over: rollbacks undid them",
        };
        var unverified = PassedOver.Where(d => !Undone.Contains(d)).ToList();
        var versions = unverified.Select(d => d.Version).Distinct().Where(v => !undone.Contains(v)).ToList();
        var how = unverified.Select(d => Ended(d.Watch)).Distinct().ToList();
        var unverifiedNote = versions.Count switch
        {
            _ when !Verified => $"unverified: its watch {Ended(Deploy.Watch)} and never verified it, and no earlier successful deploy is verified",
            0 => null,
            1 => $"{versions[0]} is passed over: its watch {string.Join(" or ", how)} and never verified it",
            _ => $"{string.Join(", ", versions)} are passed over: their watches {string.Join(" or ", how)} and never verified them",
        };
        return (undoneNote, unverifiedNote) switch
        {
            (null, var only) => only,
            (var only, null) => only,
            var (first, second) => $"{first}; {second}",
        };
    }

    /// <summary>The version with its <see cref="Note"/> in parentheses, as text (its control characters escaped).</summary>
    public string Describe() => TextSafe.Line(Deploy.Version + (Note() is { } note ? $" ({note})" : ""));

    private static string Ended(DeployWatch watch) => watch == DeployWatch.Held ? "held" : "never ended";
}
