using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on a <c>rollingUpdate</c> block beside an update type that does not roll:
/// the API server refuses a Deployment with <c>strategy.type: Recreate</c> and a <c>strategy.rollingUpdate</c>
/// (<c>ValidateDeploymentStrategy</c>: <c>Forbidden: may not be specified when strategy `type` is 'Recreate'</c>) and a
/// StatefulSet with <c>updateStrategy.type: OnDelete</c> and an <c>updateStrategy.rollingUpdate</c>
/// (<c>ValidateStatefulSetSpec</c>: <c>only allowed for updateStrategy 'RollingUpdate'</c>;
/// <see href="https://github.com/kubernetes/kubernetes/blob/2dd1588c490775be7cd90d0afc59c6dcef07032a/pkg/apis/apps/validation/validation.go"/>).
/// It is the usual failure of a chart whose values switch the type and keep the default <c>rollingUpdate</c>. An empty
/// <c>rollingUpdate: {}</c> is refused as well; <c>rollingUpdate: null</c> is unset.
/// </summary>
internal static class UnusedRollingUpdate
{
    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        var (path, still, says) = (ApiKinds.GroupReadAs(o), o.Kind) switch
        {
            ("apps", "Deployment") => ("spec.strategy", "Recreate", "Forbidden: may not be specified when strategy `type` is 'Recreate'"),
            ("apps", "StatefulSet") => ("spec.updateStrategy", "OnDelete", "Invalid value: {value}: only allowed for updateStrategy 'RollingUpdate'"),
            _ => default,
        };
        if (path is null
            || Nodes.Get(o.Node, path) is not JsonObject strategy
            || strategy["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != still
            || strategy["rollingUpdate"] is not { } rolling)
        {
            yield break;
        }

        var field = path + ".rollingUpdate";
        var refusal = says.Replace("{value}", rolling.ToJsonString(), StringComparison.Ordinal);
        yield return ManifestFinding.For(
            info,
            o,
            $"{o}: {field} is set with {path}.type {still}, which replaces no pod by rolling: the API server refuses it ({field}: {refusal})",
            $"remove {field}, or set {path}.type: RollingUpdate if the pods are to be replaced a few at a time",
            new Dictionary<string, object?> { ["field"] = field, ["type"] = still, ["refusal"] = refusal },
            o.At(rolling));
    }
}
