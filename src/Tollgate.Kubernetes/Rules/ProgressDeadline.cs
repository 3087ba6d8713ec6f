using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on an Argo Rollout whose <c>progressDeadlineSeconds</c> is not greater than
/// its <c>minReadySeconds</c>: the Argo Rollouts controller refuses it (<see cref="RolloutRefusal"/>;
/// <c>ValidateRolloutSpec</c>), reading an unset deadline as its default, 600 seconds, and an unset
/// <c>minReadySeconds</c> as 0. So <c>minReadySeconds: 600</c> alone is refused too, found at its line; otherwise
/// the finding is at the deadline's (<c>progressDeadlineSeconds: 0</c> with <c>minReadySeconds</c> unset is
/// refused). A value that is not a number is found where the schema is read.
/// </summary>
internal static class ProgressDeadline
{
    /// <summary>
    /// Argo Rollouts' <c>DefaultProgressDeadlineSeconds</c>
    /// (<see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/utils/defaults/defaults.go"/>).
    /// </summary>
    public const int DefaultSeconds = 600;

    private const string Field = "spec.progressDeadlineSeconds";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (!RolloutRefusal.IsRollout(o) || Nodes.Get(o.Node, "spec") is not JsonObject spec
            || spec["minReadySeconds"] is not (null or JsonValue) || spec["progressDeadlineSeconds"] is not (null or JsonValue))
        {
            yield break;
        }

        var (minNode, deadlineNode) = ((JsonValue?)spec["minReadySeconds"], (JsonValue?)spec["progressDeadlineSeconds"]);
        if (minNode is not null && !IsNumber(minNode) || deadlineNode is not null && !IsNumber(deadlineNode))
        {
            yield break;
        }

        var minReady = minNode is null ? 0 : Nodes.AsDouble(minNode);
        var deadline = deadlineNode is null ? DefaultSeconds : Nodes.AsDouble(deadlineNode);
        if (deadline > minReady)
        {
            yield break;
        }

        var min = minReady.ToString(CultureInfo.InvariantCulture);
        var problem = deadlineNode is null
            ? $"is unset, which Argo Rollouts reads as {DefaultSeconds} seconds, not greater than minReadySeconds ({min})"
            : $"{Nodes.Describe(o, deadlineNode)} is not greater than minReadySeconds ({min})";
        yield return RolloutRefusal.For(info, o, Field, problem, "must be greater than minReadySeconds",
            $"set {Field} above minReadySeconds ({min}), e.g. {(minReady + DefaultSeconds).ToString(CultureInfo.InvariantCulture)}: the rollout is degraded when it makes no progress for that long, and a pod takes minReadySeconds to count as progress",
            deadlineNode ?? minNode, new() { ["progressDeadlineSeconds"] = deadline, ["minReadySeconds"] = minReady });
    }

    private static bool IsNumber(JsonValue value) => value.GetValueKind() == JsonValueKind.Number;
}
