using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// What <see cref="CanarySteps"/>, <see cref="CanaryRoutes"/> and <see cref="StepAnalysisArgs"/> share: an Argo
/// Rollout's canary as written, and the one wording of a finding on what the Argo Rollouts controller refuses though
/// the API server took it. Its validation (<c>ValidateRolloutStrategyCanary</c>,
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/validation/validation.go"/>)
/// marks the Rollout <c>InvalidSpec</c> with its message, quoted in the finding, and the Rollout never rolls out.
/// </summary>
internal static class RolloutRefusal
{
    public const string CanaryPath = "spec.strategy.canary";

    /// <summary>Whether <paramref name="o"/> is an Argo Rollout (read as its apiVersion is meant).</summary>
    public static bool IsRollout(KubeObject o) => (ApiKinds.GroupReadAs(o), o.Kind) == ("argoproj.io", "Rollout");

    /// <summary>An Argo Rollout's <c>spec.strategy.canary</c> with its steps and <c>trafficRouting</c>; null for another kind or a canary without steps.</summary>
    public static (JsonObject Canary, JsonArray Steps, JsonObject? Routing)? Canary(KubeObject o) =>
        IsRollout(o)
        && Nodes.Get(o.Node, CanaryPath) is JsonObject canary && canary["steps"] is JsonArray steps
            ? (canary, steps, canary["trafficRouting"] as JsonObject)
            : null;

    /// <summary>An Argo Rollout's <c>spec.strategy.canary</c> as written, steps or none; null for another kind or no canary mapping.</summary>
    public static JsonObject? CanaryOf(KubeObject o) => IsRollout(o) ? Nodes.Get(o.Node, CanaryPath) as JsonObject : null;

    /// <summary>
    /// <c>Rollout ns/name: {field} {problem}: the Argo Rollouts controller refuses it (InvalidSpec: {argoSays}) and never
    /// rolls it out</c>, at <paramref name="at"/>'s line.
    /// </summary>
    public static Finding For(RuleInfo info, KubeObject o, string field, string problem, string argoSays, string suggestion, JsonNode? at, Dictionary<string, object?>? evidence = null)
    {
        evidence ??= [];
        evidence["field"] = field;
        evidence["invalidSpec"] = argoSays;
        return ManifestFinding.For(
            info,
            o,
            $"{o}: {field} {problem}: the Argo Rollouts controller refuses it (InvalidSpec: {argoSays}) and never rolls it out",
            suggestion,
            evidence,
            o.At(at));
    }

    /// <summary>Whether <paramref name="node"/> holds <paramref name="key"/> with a value (null is no value: Go reads it as unset).</summary>
    public static bool Has(JsonNode? node, string key) => node is JsonObject o && o[key] is not null;

    /// <summary>A string field's text, "" when unset or not text (Go's zero value).</summary>
    public static string Text(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    /// <summary>
    /// Whether <paramref name="key"/> names nothing as Go reads it: unset, null or <c>""</c>. Any other value names
    /// something (a number or a boolean is a schema finding, read as the text it spells).
    /// </summary>
    public static bool Unnamed(JsonNode? node, string key) =>
        node is not JsonObject o || o[key] is null || o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0;

    /// <summary>The routers a <c>trafficRouting</c> names (<c>istio</c>, <c>nginx</c>, <c>plugins</c>), as written; <c>plugins</c> only when it names one.</summary>
    public static string Routers(JsonObject routing) =>
        string.Join(", ", routing.Where(r => r.Value is JsonObject { Count: > 0 } || r.Value is JsonObject && r.Key is not ("managedRoutes" or "plugins")).Select(r => r.Key));

    /// <summary>Whether <paramref name="routing"/> uses one of <paramref name="routers"/>; <c>plugins</c> only when it names one.</summary>
    public static bool Uses(JsonObject? routing, params string[] routers) =>
        routing is not null && routers.Any(r => r == "plugins" ? routing["plugins"] is JsonObject { Count: > 0 } : routing[r] is not null);
}
