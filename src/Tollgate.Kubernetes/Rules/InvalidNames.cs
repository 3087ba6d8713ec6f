using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on a <c>metadata.name</c> or <c>metadata.namespace</c> the API server refuses
/// (<see cref="NameRules"/>): <c>Web_App</c>, <c>Checkout</c> (most often a Helm value rendered into a name),
/// <c>Shop_1</c>; and on a <c>metadata.generateName</c> whose names (the prefix and 5 random characters) it would refuse
/// (checked as the API server checks it, a trailing '-' read as a letter). The object is linted as written all the same.
/// </summary>
internal static class InvalidNames
{
    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        var rule = NameRules.For(ApiKinds.GroupReadAs(o), o.Kind);
        if (Nodes.Text(Nodes.Get(o.Node, "metadata.name")) is { Length: > 0 } name && NameRules.Check(rule, name) is { } says)
        {
            yield return Finding(info, o, "metadata.name", name, says, rule, Nodes.Get(o.Node, "metadata.name"), $"a {o.Kind}'s name");
        }

        if (Nodes.Text(Nodes.Get(o.Node, "metadata.generateName")) is { Length: > 0 } prefix && NameRules.CheckPrefix(rule, prefix) is { } prefixSays)
        {
            yield return Finding(info, o, "metadata.generateName", prefix, prefixSays, rule, Nodes.Get(o.Node, "metadata.generateName"), $"a prefix of a {o.Kind}'s name");
        }

        if (Nodes.Text(Nodes.Get(o.Node, "metadata.namespace")) is { Length: > 0 } space && NameRules.Check(NameRule.Label, space) is { } refused)
        {
            yield return Finding(info, o, "metadata.namespace", space, refused, NameRule.Label, Nodes.Get(o.Node, "metadata.namespace"), "a namespace");
        }
    }

    private static Finding Finding(RuleInfo info, KubeObject o, string field, string value, string says, NameRule rule, JsonNode? at, string what) =>
        ManifestFinding.For(
            info,
            o,
            $"{o}: {field} '{value}' is not {what} Kubernetes takes: the API server refuses it ({field}: Invalid value: \"{value}\": {says})",
            $"set {field} to {NameRules.Describe(rule)}{(Fixed(field, rule, value) is { } taken ? $": {taken}" : "")}",
            new Dictionary<string, object?> { ["field"] = field, ["value"] = value, ["refusal"] = says },
            o.At(at));

    /// <summary>A value the API server takes for <paramref name="field"/>, or null; a generateName keeps its trailing '-'.</summary>
    private static string? Fixed(string field, NameRule rule, string value) =>
        field != "metadata.generateName" ? NameRules.Fix(rule, value)
        : NameRules.Fix(rule, value.TrimEnd('-')) is { } prefix && NameRules.CheckPrefix(rule, prefix + "-") is null ? prefix + "-"
        : null;
}
