using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on a <c>metadata.name</c> or <c>metadata.namespace</c> the API server refuses
/// (<see cref="NameRules"/>): <c>Web_App</c>, <c>Checkout</c> (most often a Helm value rendered into a name),
/// <c>Shop_1</c>. The object is linted as written all the same.
/// </summary>
internal static class InvalidNames
{
    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (Nodes.Text(Nodes.Get(o.Node, "metadata.name")) is { Length: > 0 } name && NameRules.Name(ApiKinds.GroupReadAs(o), o.Kind, name) is { } says)
        {
            yield return Finding(info, o, "metadata.name", name, says, Nodes.Get(o.Node, "metadata.name"), $"a {o.Kind}'s name");
        }

        if (Nodes.Text(Nodes.Get(o.Node, "metadata.namespace")) is { Length: > 0 } space && NameRules.Namespace(space) is { } refused)
        {
            yield return Finding(info, o, "metadata.namespace", space, refused, Nodes.Get(o.Node, "metadata.namespace"), "a namespace");
        }
    }

    private static Finding Finding(RuleInfo info, KubeObject o, string field, string value, string says, JsonNode? at, string what) =>
        ManifestFinding.For(
            info,
            o,
            $"{o}: {field} '{value}' is not {what} Kubernetes takes: the API server refuses it ({field}: Invalid value: \"{value}\": {says})",
            $"set {field} to lower-case letters, digits and '-'{(field == "metadata.name" && o.Kind != "Service" ? " (and '.')" : "")}, starting and ending with a letter or digit: {value.ToLowerInvariant().Replace('_', '-')}",
            new Dictionary<string, object?> { ["field"] = field, ["value"] = value, ["refusal"] = says },
            o.At(at));
}
