using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on a probe's or a lifecycle hook's <c>httpGet.port</c> or
/// <c>tcpSocket.port</c> the API server refuses (k8s.io/kubernetes pkg/apis/core/validation
/// <c>ValidatePortNumOrName</c>): an int-or-string port given as text is a port <em>name</em>, which must be at most
/// 15 lower-case letters, digits and '-' with at least one letter (<c>IsValidPortName</c>), so a quoted number
/// (<c>port: "8080"</c>) is refused ("must contain at least one letter (a-z)"); a number must be 1 to 65535.
/// </summary>
internal static class ProbePorts
{
    private static readonly string[] Probes = ["livenessProbe", "readinessProbe", "startupProbe"];
    private static readonly string[] Hooks = ["postStart", "preStop"];
    private static readonly string[] ContainerLists = ["initContainers", "containers"];
    private static readonly string[] Actions = ["httpGet", "tcpSocket"];

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        foreach (var (spec, pod) in Nodes.PodSpecs(o))
        {
            foreach (var list in ContainerLists)
            {
                var containers = pod[list] as JsonArray ?? [];
                for (var i = 0; i < containers.Count; i++)
                {
                    if (containers[i] is not JsonObject container)
                    {
                        continue;
                    }

                    var handlers = Probes.Select(p => ($"{p}", container[p]))
                        .Concat(Hooks.Select(h => ($"lifecycle.{h}", Nodes.Get(container, $"lifecycle.{h}"))));
                    foreach (var (handler, node) in handlers)
                    {
                        foreach (var action in Actions)
                        {
                            if (Nodes.Get(node, $"{action}.port") is JsonValue port && Problem(port) is { } says)
                            {
                                yield return Finding(info, o, $"{spec}.{list}[{i}].{handler}.{action}.port", port, says, container);
                            }
                        }
                    }
                }
            }
        }
    }

    private static Finding Finding(RuleInfo info, KubeObject o, string field, JsonValue port, string says, JsonObject container)
    {
        var text = port.GetValueKind() == JsonValueKind.String ? port.GetValue<string>() : port.ToJsonString();
        var quotedNumber = port.GetValueKind() == JsonValueKind.String && text.Length > 0 && text.All(char.IsAsciiDigit);
        var names = (container["ports"] as JsonArray ?? []).Select(p => Nodes.Text(Nodes.Get(p, "name"))).OfType<string>().ToList();
        var problem = quotedNumber ? $"is \"{text}\", a quoted number, which Kubernetes reads as a port name" : $"is {(port.GetValueKind() == JsonValueKind.String ? $"\"{text}\"" : text)}";
        var refuser = RolloutRefusal.IsRollout(o)
            ? "the Argo Rollouts controller takes the Rollout, but the API server refuses each ReplicaSet it makes of it"
            : "the API server refuses it";
        var shown = port.GetValueKind() == JsonValueKind.String ? $"\"{text}\"" : text;
        return ManifestFinding.For(
            info,
            o,
            $"{o}: {field} {problem}: {refuser} ({field}: Invalid value: {shown}: {says})",
            quotedNumber ? $"set {field} to {text}, unquoted"
                : names.Count > 0 ? $"set {field} to a port number (1 to 65535) or the name of one of the container's ports: {string.Join(", ", names)}"
                : $"set {field} to a port number (1 to 65535)",
            new Dictionary<string, object?> { ["field"] = field, ["value"] = text, ["refusal"] = says },
            o.At(port));
    }

    /// <summary>What <c>ValidatePortNumOrName</c> answers, or null when it takes the port.</summary>
    private static string? Problem(JsonValue port)
    {
        if (port.GetValueKind() == JsonValueKind.Number)
        {
            return Nodes.AsDouble(port) is >= 1 and <= 65535 and var n && n == Math.Floor(n) ? null : "must be between 1 and 65535, inclusive";
        }

        if (port.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        return NameProblem(port.GetValue<string>());
    }

    /// <summary>What <c>IsValidPortName</c> answers of a port given by name, or null when it takes it.</summary>
    internal static string? NameProblem(string name)
    {
        return name.Length is 0 or > 15 ? "must be no more than 15 characters"
            : !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') ? "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
            : !name.Any(char.IsAsciiLetterLower) ? "must contain at least one letter (a-z)"
            : name.Contains("--", StringComparison.Ordinal) ? "must not contain consecutive hyphens"
            : name.StartsWith('-') || name.EndsWith('-') ? "must not begin or end with a hyphen"
            : null;
    }
}
