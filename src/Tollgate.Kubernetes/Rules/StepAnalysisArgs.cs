using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on an analysis argument of a canary step (<c>analysis.args</c>, an
/// experiment's <c>analyses[].args</c>) whose <c>valueFrom.fieldRef.fieldPath</c> names a <c>metadata</c> field the
/// Argo Rollouts controller cannot read from the Rollout (<see cref="RolloutRefusal"/>): it reads them as the
/// downward API does (<see href="https://github.com/kubernetes/kubernetes/blob/master/pkg/fieldpath/fieldpath.go"/>),
/// <c>metadata.name</c>, <c>namespace</c>, <c>uid</c>, <c>labels</c> and <c>annotations</c>, or one label or annotation
/// as <c>metadata.labels['app']</c> with a key that is a qualified name. <c>metadata.labels.app</c> is refused.
/// </summary>
internal static partial class StepAnalysisArgs
{
    private static readonly string[] Readable = ["metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels", "metadata.annotations"];

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (RolloutRefusal.Canary(o) is not var (_, steps, _))
        {
            yield break;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var path = $"{RolloutRefusal.CanaryPath}.steps[{i}]";
            var lists = new List<(string Path, JsonNode? Args)> { ($"{path}.analysis.args", Nodes.Get(steps[i], "analysis.args")) };
            if (Nodes.Get(steps[i], "experiment.analyses") is JsonArray analyses)
            {
                lists.AddRange(analyses.Select((a, j) => ($"{path}.experiment.analyses[{j}].args", a?["args"])));
            }

            foreach (var (argsPath, args) in lists)
            {
                for (var k = 0; args is JsonArray list && k < list.Count; k++)
                {
                    var fieldPath = Nodes.Get(list[k], "valueFrom.fieldRef.fieldPath");
                    if (Nodes.Text(fieldPath) is { } text && text.StartsWith("metadata", StringComparison.Ordinal) && Problem(text) is { } problem)
                    {
                        yield return RolloutRefusal.For(info, o, $"{argsPath}[{k}].valueFrom.fieldRef.fieldPath", $"'{text}' {problem}",
                            "Analyses arguments must refer to valid object metadata supported by downwardAPI",
                            "read one of metadata.name, metadata.namespace, metadata.uid, metadata.labels or metadata.annotations, or one label or annotation as metadata.labels['app']",
                            fieldPath);
                    }
                }
            }
        }
    }

    /// <summary>Why the controller cannot read <paramref name="fieldPath"/>, or null when it can.</summary>
    private static string? Problem(string fieldPath)
    {
        if (fieldPath.EndsWith("']", StringComparison.Ordinal) && fieldPath[..^2].Split("['", 2) is [{ Length: > 0 } field, var key])
        {
            return field switch
            {
                "metadata.labels" or "metadata.annotations" when IsQualifiedName(field == "metadata.labels" ? key : key.ToLowerInvariant()) => null,
                "metadata.labels" or "metadata.annotations" => $"subscripts {field} with '{key}', which is not a label or annotation key (a name of letters, digits, '-', '_' and '.', up to 63, after an optional DNS prefix and '/')",
                _ => $"subscripts {field}, which takes no subscript (only metadata.labels and metadata.annotations do)",
            };
        }

        return Readable.Contains(fieldPath) ? null : $"is not a field the controller reads (it reads {string.Join(", ", Readable)}, or one label or annotation as metadata.labels['app'])";
    }

    private static bool IsQualifiedName(string key)
    {
        var parts = key.Split('/');
        var name = parts[^1];
        return parts.Length <= 2
            && (parts.Length == 1 || (parts[0].Length is > 0 and <= 253 && Subdomain().IsMatch(parts[0])))
            && name.Length is > 0 and <= 63 && Name().IsMatch(name);
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z")]
    private static partial Regex Name();
}
