using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>A finding about a workload, addressed and located the same way by every rule.</summary>
internal static class ManifestFinding
{
    public static Finding For(RuleInfo info, Workload workload, string message, string suggestion, Dictionary<string, object?> evidence, SourceLocation? at = null) =>
        new(info.Id, info.DefaultSeverity, workload.Address, message)
        {
            Suggestion = suggestion,
            Location = at ?? workload.Location,
            Module = workload.Namespace,
            Evidence = With(evidence, workload.Source.Document.HelmSource),
        };

    /// <summary>A finding about any object of the inputs (a budget, a Service), addressed <c>Kind/namespace/name</c> at its line.</summary>
    public static Finding For(RuleInfo info, KubeObject source, string message, string suggestion, Dictionary<string, object?> evidence, SourceLocation? at = null) =>
        new(info.Id, info.DefaultSeverity, source.Address, message)
        {
            Suggestion = suggestion,
            Location = at ?? source.Location,
            Module = source.Namespace,
            Evidence = With(evidence, source.Document.HelmSource),
        };

    public static Dictionary<string, object?> With(Dictionary<string, object?> evidence, string? helmSource)
    {
        if (helmSource is not null)
        {
            evidence["helmSource"] = helmSource;
        }

        return evidence;
    }

    /// <summary>YAML that sets <paramref name="lines"/> under a dotted path: <c>spec.strategy.canary</c> → nested mappings.</summary>
    public static string Nested(string path, params string[] lines)
    {
        var parts = path.Split('.');
        var yaml = new System.Text.StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            yaml.Append(' ', 2 * i).Append(parts[i]).Append(":\n");
        }

        foreach (var line in lines)
        {
            yaml.Append(' ', 2 * parts.Length).Append(line).Append('\n');
        }

        return yaml.ToString().TrimEnd();
    }

    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "(no labels)" : string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
