using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// One line per mistake: a key far from every field (<c>probe:</c>, <c>canaryAnalysis:</c>, <c>podSelector:</c>) is
/// not read as any field, so the field it was probably meant as is unset beside it, and a second finding would say so
/// (no readiness probe, <c>spec.analysis: Required value</c>, no <c>spec.selector</c>). Such a finding about an unset
/// field (evidence <c>unset</c>: its path as meant) is folded into the <c>k8s/invalid-manifest</c> finding on the
/// unknown key in the same mapping (or, when that mapping is missing too, in the nearest one written): the line says
/// the key is unknown and which field is unset beside it, and suggests renaming the key to it. A finding of
/// <c>k8s/invalid-manifest</c> itself (a required field) is folded into any such key; another rule's (a missing
/// readiness probe) only into a key whose value has that field's shape (a mapping of probe fields), so a policy
/// exception for an unrelated unknown key hides no other rule's finding.
/// </summary>
public static class UnsetBesideUnknown
{
    public static IReadOnlyList<Finding> Fold(ManifestSet set, IReadOnlyList<Finding> findings)
    {
        var result = findings.ToList();
        var folded = new Dictionary<int, List<Finding>>();
        var objects = set.Objects.ToLookup(o => o.Address, StringComparer.Ordinal);
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Evidence.GetValueOrDefault("unset") is not string unset || Into(objects, result, result[i], unset) is not { } target || target == i)
            {
                continue;
            }

            if (!folded.TryGetValue(target, out var list))
            {
                folded[target] = list = [];
            }

            list.Add(result[i]);
        }

        foreach (var (target, list) in folded)
        {
            result[target] = Merged(result[target], list);
        }

        var gone = folded.Values.SelectMany(l => l).ToHashSet(ReferenceEqualityComparer.Instance);
        return [.. result.Where(f => !gone.Contains(f))];
    }

    /// <summary>The index of the unknown-key finding <paramref name="finding"/> folds into, or null.</summary>
    private static int? Into(ILookup<string, KubeObject> objects, List<Finding> findings, Finding finding, string unset)
    {
        var same = objects[finding.Address];
        var o = same.FirstOrDefault(x => x.Document.File == finding.Location?.File) ?? same.FirstOrDefault();
        if (o is null)
        {
            return null;
        }

        var (anchor, mapping) = NearestWritten(o.Node, unset);
        var field = unset[(unset.LastIndexOf('.') + 1)..];
        var sameRule = finding.Rule == InvalidManifestRule.Id;
        var key = o.Undeclared.FirstOrDefault(u => u.Near is null && u.MeantParent == anchor
            && (sameRule || (anchor == Parent(unset) && ApiFields.Known.Fits(u.Definition, field, u.Mapping[u.Key]))));
        if (key is null || mapping is null)
        {
            return null;
        }

        var at = findings.FindIndex(f => f.Rule == InvalidManifestRule.Id && f.Address == o.Address
            && f.Location?.File == o.Document.File && f.Evidence.GetValueOrDefault("field") as string == key.Path);
        return at < 0 ? null : at;
    }

    private static Finding Merged(Finding unknown, List<Finding> unsets)
    {
        var paths = unsets.Select(f => (string)f.Evidence["unset"]!).Distinct(StringComparer.Ordinal).ToList();
        var why = string.Join("; ", unsets.Select(f => $"{f.Evidence["unset"]} is unset ({(f.Rule == InvalidManifestRule.Id ? "" : f.Rule + ": ")}{f.Evidence.GetValueOrDefault("unsetWhy")})"));
        var written = (string)unknown.Evidence["field"]!;
        var suggestion = paths.Count == 1
            ? $"rename {written} to {paths[0]} if that is what it holds; else remove it and set {paths[0]}"
            : $"rename {written} to the one of {string.Join(", ", paths)} it holds, if any, else remove it; and set the others";
        var evidence = new Dictionary<string, object?>(unknown.Evidence)
        {
            ["unset"] = paths,
            ["folded"] = unsets.Select(f => $"{f.Rule}: {f.Message}").ToList(),
        };
        return unknown with { Message = $"{unknown.Message}; beside it {why}", Suggestion = suggestion, Evidence = evidence };
    }

    /// <summary>The parent path of <paramref name="path"/> as far as it is written in <paramref name="root"/>, and the mapping there.</summary>
    private static (string Path, JsonObject? Mapping) NearestWritten(JsonObject root, string path)
    {
        var parts = JsonPath.Parse("$." + Parent(path));
        var (shown, node) = ("", (JsonNode?)root);
        var mapping = (shown, (JsonObject?)root);
        if (Parent(path).Length == 0)
        {
            return mapping;
        }

        foreach (var part in parts)
        {
            (shown, node) = part switch
            {
                string name when node is JsonObject o && o[name] is { } child => (shown.Length == 0 ? name : $"{shown}.{name}", child),
                int index when node is JsonArray a && index < a.Count && a[index] is { } item => ($"{shown}[{index}]", item),
                _ => (shown, null),
            };
            if (node is null)
            {
                break;
            }

            if (node is JsonObject found)
            {
                mapping = (shown, found);
            }
        }

        return mapping;
    }

    private static string Parent(string path) => path.LastIndexOf('.') is var dot and > 0 ? path[..dot] : "";
}
