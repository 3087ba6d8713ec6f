using System.Globalization;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on a <c>progressDeadlineSeconds</c> below 0 or not greater than
/// <c>minReadySeconds</c> (<see cref="SpecRefusal"/>): the Argo Rollouts controller refuses such a Rollout
/// (<c>ValidateRolloutSpec</c>), reading an unset deadline as its default, 600 seconds, and the API server such an
/// <c>apps/v1</c> Deployment (<c>ValidateDeploymentSpec</c>,
/// <see href="https://github.com/kubernetes/kubernetes/blob/2dd1588c490775be7cd90d0afc59c6dcef07032a/pkg/apis/apps/validation/validation.go"/>),
/// which it validates after defaulting an unset deadline to 600 seconds too (<c>SetDefaults_Deployment</c>,
/// <see href="https://github.com/kubernetes/kubernetes/blob/04791b4906602ffda5ccf9bc4c84d3329f1d7080/pkg/apis/apps/v1/defaults.go"/>).
/// An unset <c>minReadySeconds</c> is 0. So <c>minReadySeconds: 600</c> alone is refused too, found at its line;
/// otherwise the finding is at the deadline's (<c>progressDeadlineSeconds: 0</c> with <c>minReadySeconds</c> unset is
/// refused). A negative deadline is one finding, quoting the check it fails first (<c>must be greater than or equal
/// to 0</c>). A value that is not a number is found where the schema is read.
/// </summary>
internal static class ProgressDeadline
{
    /// <summary>
    /// Argo Rollouts' <c>DefaultProgressDeadlineSeconds</c>
    /// (<see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/utils/defaults/defaults.go"/>),
    /// and the API server's default for a Deployment's.
    /// </summary>
    public const int DefaultSeconds = 600;

    private const string Field = "spec.progressDeadlineSeconds";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        var isRollout = RolloutRefusal.IsRollout(o);
        if (!SpecRefusal.RolloutOrDeployment(o) || Nodes.Get(o.Node, "spec") is not JsonObject spec)
        {
            yield break;
        }

        var (minNode, deadlineNode) = (spec["minReadySeconds"], spec["progressDeadlineSeconds"]);
        if (minNode is not null && SpecRefusal.Number(minNode) is null || deadlineNode is not null && SpecRefusal.Number(deadlineNode) is null)
        {
            yield break;
        }

        var minReady = SpecRefusal.Number(minNode) ?? 0;
        var deadline = SpecRefusal.Number(deadlineNode) ?? DefaultSeconds;
        if (deadline > minReady)
        {
            yield break;
        }

        var min = minReady.ToString(CultureInfo.InvariantCulture);
        var (problem, says) = (deadlineNode, deadline) switch
        {
            (null, _) => ($"is unset, which {(isRollout ? "Argo Rollouts reads as" : "the API server defaults to")} {DefaultSeconds} seconds, not greater than minReadySeconds ({min})", "must be greater than minReadySeconds"),
            (_, < 0) => ($"{Nodes.Describe(o, deadlineNode)} is below 0", "must be greater than or equal to 0"),
            _ => ($"{Nodes.Describe(o, deadlineNode)} is not greater than minReadySeconds ({min})", "must be greater than minReadySeconds"),
        };
        yield return SpecRefusal.For(info, o, Field, problem, says, deadline.ToString(CultureInfo.InvariantCulture),
            $"set {Field} above minReadySeconds ({min}), e.g. {(minReady + DefaultSeconds).ToString(CultureInfo.InvariantCulture)}: the {(isRollout ? "rollout is degraded" : "Deployment is reported failed (ProgressDeadlineExceeded)")} when it makes no progress for that long, and a pod takes minReadySeconds to count as progress",
            deadlineNode ?? minNode, new() { ["progressDeadlineSeconds"] = deadline, ["minReadySeconds"] = minReady });
    }
}
