using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// The one wording of a finding on a spec field that what validates the object refuses: the Argo Rollouts controller
/// for a Rollout (<see cref="RolloutRefusal"/>), the API server for Kubernetes' own kinds, quoted as kubectl prints it
/// (<c>{field}: Invalid value: {value}: {says}</c>), at <paramref name="at"/>'s line.
/// </summary>
internal static class SpecRefusal
{
    /// <summary>True for the kinds whose replica history and progress both validators check: a Rollout, an apps/v1 Deployment.</summary>
    public static bool RolloutOrDeployment(KubeObject o) => RolloutRefusal.IsRollout(o) || (ApiKinds.GroupReadAs(o), o.Kind) == ("apps", "Deployment");

    /// <summary>A JSON number's value; null for anything else (a wrong type is found where the schema is read).</summary>
    public static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? Nodes.AsDouble(v) : null;

    public static Finding For(RuleInfo info, KubeObject o, string field, string problem, string says, string value, string suggestion, JsonNode? at, Dictionary<string, object?> evidence)
    {
        if (RolloutRefusal.IsRollout(o))
        {
            return RolloutRefusal.For(info, o, field, problem, says, suggestion, at, evidence);
        }

        evidence["field"] = field;
        evidence["refusal"] = says;
        return ManifestFinding.For(info, o, $"{o}: {field} {problem}: the API server refuses it ({field}: Invalid value: {value}: {says})", suggestion, evidence, o.At(at));
    }
}
