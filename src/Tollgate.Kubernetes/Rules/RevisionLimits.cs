using System.Globalization;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on how many old ReplicaSets a Rollout or a Deployment keeps
/// (<see cref="SpecRefusal"/>):
/// <list type="bullet">
/// <item>a <c>revisionHistoryLimit</c> below 0, which the Argo Rollouts controller refuses for a Rollout
/// (<c>ValidateRolloutSpec</c>,
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/validation/validation.go"/>)
/// and the API server for an <c>apps/v1</c> Deployment (<c>ValidateDeploymentSpec</c>,
/// <see href="https://github.com/kubernetes/kubernetes/blob/2dd1588c490775be7cd90d0afc59c6dcef07032a/pkg/apis/apps/validation/validation.go"/>);</item>
/// <item>a blue-green Rollout's <c>scaleDownDelayRevisionLimit</c> above its <c>revisionHistoryLimit</c>, 10 when
/// unset (<c>ValidateRolloutStrategyBlueGreen</c>; Argo's <c>DefaultRevisionHistoryLimit</c>). Argo checks no other
/// bound of it, and none of a canary's.</item>
/// </list>
/// </summary>
internal static class RevisionLimits
{
    /// <summary>Argo Rollouts' <c>DefaultRevisionHistoryLimit</c> (<c>utils/defaults/defaults.go</c>).</summary>
    public const int DefaultHistory = 10;

    private const string History = "spec.revisionHistoryLimit";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        var isRollout = RolloutRefusal.IsRollout(o);
        if (!SpecRefusal.RolloutOrDeployment(o))
        {
            yield break;
        }

        var written = Nodes.Get(o.Node, History);
        var history = SpecRefusal.Number(written);
        if (history < 0)
        {
            var value = history.Value.ToString(CultureInfo.InvariantCulture);
            yield return SpecRefusal.For(info, o, History, $"{Nodes.Describe(o, written)} is below 0", "must be greater than or equal to 0", value,
                $"set {History} to 0 or more: how many old ReplicaSets are kept to roll back to ({DefaultHistory} when unset)",
                written, new() { ["revisionHistoryLimit"] = history });
        }

        const string Delay = "spec.strategy.blueGreen.scaleDownDelayRevisionLimit";
        if (!isRollout || written is not null && history is null)
        {
            yield break;
        }

        var delay = Nodes.Get(o.Node, Delay);
        var limit = history ?? DefaultHistory;
        if (SpecRefusal.Number(delay) is { } revisions && revisions > limit)
        {
            var of = limit.ToString(CultureInfo.InvariantCulture);
            yield return RolloutRefusal.For(info, o, Delay,
                $"{Nodes.Describe(o, delay)} is above {History} ({of}{(written is null ? ", its default when unset" : "")})",
                "This rollout's revision history limit can not be smaller than the rollout's scale down limit",
                $"lower {Delay} to {of} or less, or raise {History} to {revisions.ToString(CultureInfo.InvariantCulture)} or more",
                delay, new() { ["scaleDownDelayRevisionLimit"] = revisions, ["revisionHistoryLimit"] = limit });
        }
    }
}
