using Tollgate.Domain.Policies;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The graph limits from a policy's <c>rules:</c> entries (tollgate.yaml): <c>fan-out: { threshold: N }</c> and
/// <c>blast-radius: { maxDependents: N, maxChanged: N, maxDestroyed: N, parallelism: N }</c>, each checked as its
/// command-line option is (<see cref="GraphLimit"/>).
/// </summary>
public static class GraphThresholdsPolicy
{
    public static GraphThresholds From(Policy policy)
    {
        var defaults = new GraphThresholds();
        return defaults with
        {
            FanOut = GraphLimit.FanOut.From(policy) ?? defaults.FanOut,
            MaxBlastRadius = GraphLimit.MaxBlastRadius.From(policy),
            MaxChanged = GraphLimit.MaxChanged.From(policy),
            MaxDestroyed = GraphLimit.MaxDestroyed.From(policy),
            Parallelism = GraphLimit.Parallelism.From(policy) ?? defaults.Parallelism,
        };
    }
}
