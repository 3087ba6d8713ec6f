namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// The canary and stable pod counts Argo Rollouts (v1.2 and later) runs for a <c>setWeight</c> when no mesh or ingress
/// routes the traffic: of the candidates (the weight's share of <c>replicas</c> rounded up or down, over
/// <c>replicas</c> or, when <c>maxSurge</c> allows one more pod, <c>replicas + 1</c>) the one whose share of pods is
/// nearest the weight, the larger on a tie. A weight between 1 and 99 never gets zero canary pods unless the Rollout
/// runs one pod and may not surge (<c>approximateWeightedCanaryStableReplicaCounts</c>,
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/utils/replicaset/canary.go"/>).
/// </summary>
internal static class CanaryCounts
{
    /// <summary>(canary, stable) pods for <paramref name="weight"/> (0..100) of <paramref name="replicas"/>, with <paramref name="maxSurge"/> resolved to pods.</summary>
    public static (int Canary, int Stable) For(int replicas, int weight, int maxSurge)
    {
        if (replicas == 0)
        {
            return (0, 0);
        }

        var exact = replicas * weight / 100.0;
        var (up, down) = ((int)Math.Ceiling(exact), (int)Math.Floor(exact));
        var zeroAllowed = weight is 0 or 100 || (replicas == 1 && maxSurge == 0);
        var candidates = new List<(int Canary, int Total)>();
        if (up < replicas || zeroAllowed)
        {
            candidates.Add((up, replicas));
        }

        if (!Tied(replicas, weight) && (down != 0 || zeroAllowed))
        {
            candidates.Add((down, replicas));
        }

        if (maxSurge > 0)
        {
            candidates.Add((up, replicas + 1));
            if (!Tied(replicas + 1, weight) && (down != 0 || zeroAllowed))
            {
                candidates.Add((down, replicas + 1));
            }
        }

        if (candidates.Count == 0)
        {
            return (0, replicas);
        }

        // The first nearest wins: the rounded-up count comes first, so a tie goes to the larger canary.
        var best = candidates[0];
        foreach (var candidate in candidates.Skip(1))
        {
            if (Distance(candidate, weight) < Distance(best, weight))
            {
                best = candidate;
            }
        }

        return (best.Canary, best.Total - best.Canary);
    }

    /// <summary>Whether the weight's share of <paramref name="total"/> is exactly halfway between two counts (50% of 3).</summary>
    private static bool Tied(int total, int weight)
    {
        var share = total * (weight / 100.0);
        return share - Math.Floor(share) == 0.5;
    }

    private static double Distance((int Canary, int Total) option, int weight) => Math.Abs(option.Canary * 100.0 / option.Total - weight);
}
