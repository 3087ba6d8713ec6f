using Tollgate.Domain.Policies;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The graph limits from a policy's <c>rules:</c> entries (tollgate.yaml): <c>fan-out: { threshold: N }</c> and
/// <c>blast-radius: { maxDependents: N, maxChanged: N, maxDestroyed: N, parallelism: N }</c>.
/// </summary>
public static class GraphThresholdsPolicy
{
    public static GraphThresholds From(Policy policy)
    {
        var defaults = new GraphThresholds();
        int? Optional(string key) => policy.Threshold("blast-radius", key, -1) is var v and >= 0 ? (int)v : null;
        return defaults with
        {
            FanOut = (int)policy.Threshold("fan-out", "threshold", defaults.FanOut),
            MaxBlastRadius = Optional("maxDependents"),
            MaxChanged = Optional("maxChanged"),
            MaxDestroyed = Optional("maxDestroyed"),
            Parallelism = Math.Max(1, (int)policy.Threshold("blast-radius", "parallelism", defaults.Parallelism)),
        };
    }
}
