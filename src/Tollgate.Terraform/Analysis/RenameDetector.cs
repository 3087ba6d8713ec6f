using System.Text.Json;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// Pairs each pure delete with the pure create of the same type (and provider) whose known inputs match best.
/// Inputs are the created object's known attributes (attributes unknown until apply, like ids, are left out);
/// a pair counts when at least <see cref="Threshold"/> of them equal the destroyed object's. With nothing to
/// compare, a pair counts only when it is the one delete and the one create of that type. Instances whose inputs
/// are unknown because they refer to a block renamed key by key follow that block's keys (<see cref="DependentRenames"/>). Values are compared,
/// never printed. Pairs that a renamed module call explains are given as that module's rename (<see cref="ModuleRenames"/>),
/// and the instances of a renamed <c>count</c> or <c>for_each</c> block that all move to the same keys as that block's (<see cref="BlockRenames"/>).
/// </summary>
public static class RenameDetector
{
    public const double Threshold = 0.8;

    public static IReadOnlyList<RenameMatch> Find(TerraformPlan plan) => Find(plan, out _);

    /// <summary><see cref="Find(TerraformPlan)"/>, with how many similarity scores (a create's or a class's) it computed.</summary>
    internal static IReadOnlyList<RenameMatch> Find(TerraformPlan plan, out long comparisons)
    {
        comparisons = 0;
        var deletes = plan.Changes.Where(c => c.IsManaged && c.Actions.IsPureDelete && c.Deposed is null).ToList();
        var creates = plan.Changes.Where(c => c.IsManaged && c.Actions.IsPureCreate).ToList();
        var matches = new List<RenameMatch>();
        foreach (var group in deletes.GroupBy(d => (d.Type, d.ProviderName)))
        {
            var sameType = creates.Where(c => c.Type == group.Key.Type && c.ProviderName == group.Key.ProviderName).ToList();
            if (sameType.Count == 0)
            {
                continue; // nothing of this type is created: no delete of it is a rename, and no value is read
            }

            // Types never share a delete or a create, so choosing per type is the same as choosing over all of them.
            var groupDeletes = group.ToList();
            var uniquePair = groupDeletes.Count == 1 && sameType.Count == 1;
            var chosen = RenamePairing.Choose(groupDeletes, sameType, uniquePair, out var scores);
            comparisons += scores;
            foreach (var (from, to, score, compared) in chosen)
            {
                var matching = new List<string>();
                Compare(from, to, matching);
                matches.Add(new RenameMatch(from.Address, to.Address, from.Type, score, matching, compared));
            }
        }

        matches.AddRange(DependentRenames.Find(plan, matches));
        return BlockRenames.Collapse(plan, ModuleRenames.Collapse(plan, [.. matches.OrderBy(m => m.From, StringComparer.Ordinal)]));
    }

    /// <summary>(attribute, <see cref="CanonicalValue"/>) of every known, non-null top-level value, one per attribute as written.</summary>
    internal static IEnumerable<(string, string)> KnownValues(JsonElement value, JsonElement unknown)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var attribute in value.EnumerateObject())
        {
            if (!JsonValues.IsNullOrUndefined(attribute.Value) && !JsonValues.IsUnknown(unknown, attribute.Name))
            {
                yield return (attribute.Name, CanonicalValue.Of(attribute.Value));
            }
        }
    }

    /// <summary>How many of the create's known attributes equal the delete's, of how many compared; their names go to <paramref name="names"/>.</summary>
    internal static (int Matching, int Compared) Compare(ResourceChange from, ResourceChange to, List<string>? names) => Compare(from, to, names, null);

    /// <summary>As <see cref="Compare(ResourceChange, ResourceChange, List{string}?)"/>, an attribute counted as matching only when <paramref name="matchable"/> (when given) holds its name.</summary>
    internal static (int Matching, int Compared) Compare(ResourceChange from, ResourceChange to, List<string>? names, HashSet<string>? matchable)
    {
        var matching = 0;
        var compared = 0;
        if (to.After.ValueKind != JsonValueKind.Object || from.Before.ValueKind != JsonValueKind.Object)
        {
            return (0, 0);
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
            if ((matchable is null || matchable.Contains(attribute.Name)) && before.ValueKind != JsonValueKind.Undefined && JsonValues.DeepEquals(before, attribute.Value))
            {
                matching++;
                names?.Add(attribute.Name);
            }
        }

        return (matching, compared);
    }

    /// <summary>Same name or same key scores higher, to pair <c>a[0]</c> with <c>a["x"]</c> before <c>b["x"]</c>.</summary>
    internal static double NameScore(ResourceChange from, ResourceChange to)
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
