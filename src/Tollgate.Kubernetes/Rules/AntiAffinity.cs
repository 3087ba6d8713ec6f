using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on an Argo Rollout's <c>antiAffinity</c> (canary or blue-green) that the Argo
/// Rollouts controller refuses (<see cref="RolloutRefusal"/>; <c>ValidateRolloutStrategyAntiAffinity</c> in
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/validation/validation.go"/>):
/// one that sets neither or both of <c>preferredDuringSchedulingIgnoredDuringExecution</c> and
/// <c>requiredDuringSchedulingIgnoredDuringExecution</c> (null is unset, <c>{}</c> is set), and a preferred
/// <c>weight</c> outside 1 to 100. An unset weight is the CRD's required field, found once by <see cref="SchemaFindings"/>.
/// </summary>
internal static class AntiAffinity
{
    private const string Preferred = "preferredDuringSchedulingIgnoredDuringExecution";
    private const string Required = "requiredDuringSchedulingIgnoredDuringExecution";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (!RolloutRefusal.IsRollout(o))
        {
            yield break;
        }

        foreach (var strategy in new[] { "canary", "blueGreen" })
        {
            var path = $"spec.strategy.{strategy}.antiAffinity";
            if (Nodes.Get(o.Node, path) is not JsonObject antiAffinity)
            {
                continue;
            }

            var set = new[] { Preferred, Required }.Where(k => RolloutRefusal.Has(antiAffinity, k)).ToList();
            if (set.Count != 1)
            {
                yield return RolloutRefusal.For(info, o, path, set.Count == 0 ? $"sets neither {Preferred} nor {Required}" : $"sets both {Preferred} and {Required}, and it is one of them",
                    "AntiAffinity must have exactly one strategy listed",
                    set.Count == 0
                        ? $"set {path}.{Preferred}: {{weight: 1}} (1 to 100) to keep new pods off the old pods' nodes where the scheduler can, or {Required}: {{}} to require it; or remove {path}"
                        : $"keep {path}.{Preferred} or {Required}, and remove the other",
                    set.Count == 0 ? antiAffinity : antiAffinity[Required], new() { ["set"] = set });
            }

            if (Nodes.Get(antiAffinity, $"{Preferred}.weight") is JsonValue weight && weight.GetValueKind() == JsonValueKind.Number
                && Nodes.AsDouble(weight) is var w && w is < 1 or > 100)
            {
                yield return RolloutRefusal.For(info, o, $"{path}.{Preferred}.weight", $"{Nodes.Describe(o, weight)} is not between 1 and 100",
                    "AntiAffinity weight must be between 1-100",
                    $"set {path}.{Preferred}.weight between 1 and 100: how much the scheduler weighs keeping new pods off the old pods' nodes",
                    weight, new() { ["weight"] = w });
            }
        }
    }
}
