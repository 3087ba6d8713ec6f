using System.Text.Json;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// Pairs each pure delete with the pure create of the same type (and provider) whose known inputs match best.
/// Inputs are the created object's known attributes (attributes unknown until apply, like ids, are left out);
/// a pair counts when at least <see cref="Threshold"/> of them equal the destroyed object's. With nothing to
/// compare, a pair counts only when it is the one delete and the one create of that type. Values are compared,
/// never printed. Pairs that a renamed module call explains are given as that module's rename (<see cref="ModuleRenames"/>).
/// </summary>
public static class RenameDetector
{
    public const double Threshold = 0.8;

    public static IReadOnlyList<RenameMatch> Find(TerraformPlan plan)
    {
        var deletes = plan.Changes.Where(c => c.IsManaged && c.Actions.IsPureDelete && c.Deposed is null).ToList();
        var creates = plan.Changes.Where(c => c.IsManaged && c.Actions.IsPureCreate).ToList();
        var candidates = new List<(ResourceChange From, ResourceChange To, double Score, List<string> Matching, int Compared, double NameScore)>();
        foreach (var group in deletes.GroupBy(d => (d.Type, d.ProviderName)))
        {
            var sameType = creates.Where(c => c.Type == group.Key.Type && c.ProviderName == group.Key.ProviderName).ToList();
            if (sameType.Count == 0)
            {
                continue; // nothing of this type is created: no delete of it is a rename, and no value is read
            }

            var uniquePair = group.Count() == 1 && sameType.Count == 1;

            // Index the creates by (attribute, known non-null value): a pair can only reach the threshold by sharing one.
            var index = new Dictionary<(string, string), List<ResourceChange>>();
            foreach (var to in sameType)
            {
                foreach (var key in KnownValues(to.After, to.AfterUnknown))
                {
                    if (!index.TryGetValue(key, out var list))
                    {
                        index[key] = list = [];
                    }

                    list.Add(to);
                }
            }

            foreach (var from in group)
            {
                var sharing = new HashSet<ResourceChange>(ReferenceEqualityComparer.Instance);
                foreach (var key in KnownValues(from.Before, default))
                {
                    if (index.TryGetValue(key, out var list))
                    {
                        sharing.UnionWith(list);
                    }
                }

                if (uniquePair)
                {
                    sharing.UnionWith(sameType);
                }

                foreach (var to in sharing)
                {
                    var (matching, compared) = Compare(from, to);
                    var score = compared == 0 ? (uniquePair ? 1.0 : 0.0) : (double)matching.Count / compared;
                    if (score >= Threshold)
                    {
                        candidates.Add((from, to, score, matching, compared, NameScore(from, to)));
                    }
                }
            }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var matches = new List<RenameMatch>();
        foreach (var c in candidates
            .OrderByDescending(c => c.Score)
            .ThenByDescending(c => c.NameScore)
            .ThenBy(c => c.From.Address, StringComparer.Ordinal)
            .ThenBy(c => c.To.Address, StringComparer.Ordinal))
        {
            if (used.Contains("f:" + c.From.Address) || used.Contains("t:" + c.To.Address))
            {
                continue;
            }

            used.Add("f:" + c.From.Address);
            used.Add("t:" + c.To.Address);
            matches.Add(new RenameMatch(c.From.Address, c.To.Address, c.From.Type, c.Score, c.Matching, c.Compared));
        }

        return ModuleRenames.Collapse(plan, [.. matches.OrderBy(m => m.From, StringComparer.Ordinal)]);
    }

    /// <summary>(attribute, raw JSON) of every known, non-null top-level value.</summary>
    private static IEnumerable<(string, string)> KnownValues(JsonElement value, JsonElement unknown)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var attribute in value.EnumerateObject())
        {
            if (!JsonValues.IsNullOrUndefined(attribute.Value) && !JsonValues.IsUnknown(unknown, attribute.Name))
            {
                yield return (attribute.Name, attribute.Value.GetRawText());
            }
        }
    }

    private static (List<string> Matching, int Compared) Compare(ResourceChange from, ResourceChange to)
    {
        var matching = new List<string>();
        var compared = 0;
        if (to.After.ValueKind != JsonValueKind.Object || from.Before.ValueKind != JsonValueKind.Object)
        {
            return (matching, 0);
        }

        foreach (var attribute in to.After.EnumerateObject())
        {
            if (JsonValues.IsUnknown(to.AfterUnknown, attribute.Name))
            {
                continue;
            }

            var before = from.Before.TryGetProperty(attribute.Name, out var value) ? value : default;
            if (JsonValues.IsNullOrUndefined(attribute.Value) && JsonValues.IsNullOrUndefined(before))
            {
                continue; // both unset says nothing about identity
            }

            compared++;
            if (before.ValueKind != JsonValueKind.Undefined && JsonValues.DeepEquals(before, attribute.Value))
            {
                matching.Add(attribute.Name);
            }
        }

        return (matching, compared);
    }

    /// <summary>Same name or same key scores higher, to pair <c>a[0]</c> with <c>a["x"]</c> before <c>b["x"]</c>.</summary>
    private static double NameScore(ResourceChange from, ResourceChange to)
    {
        var score = 0.0;
        if (from.Name == to.Name)
        {
            score += 1;
        }

        if (from.Parsed.Resource == to.Parsed.Resource)
        {
            score += 1;
        }

        if (from.ModuleAddress == to.ModuleAddress)
        {
            score += 0.5;
        }

        return score;
    }
}
