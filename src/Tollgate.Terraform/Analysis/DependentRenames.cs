using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// Instances whose keys change the way a renamed block's do (<c>count</c> → <c>for_each</c>, say): a block whose
/// <c>count</c>, <c>for_each</c> or inputs refer to a block renamed key by key (<c>node[0]</c> → <c>node["alpha"]</c>),
/// and whose destroyed instances are exactly the old keys of that mapping, each with a create at the new key. Their
/// inputs refer to the objects the plan re-creates, so they are unknown and nothing pairs them by value until the
/// leader's <c>moved</c> blocks are added; following the mapping suggests their blocks in the same round. Blocks that
/// follow a follower are found too.
/// </summary>
internal static class DependentRenames
{
    public static List<RenameMatch> Find(TerraformPlan plan, IReadOnlyList<RenameMatch> matches)
    {
        var paired = new HashSet<string>(StringComparer.Ordinal);
        var leaders = new Dictionary<(string Module, string Block), Dictionary<string, (string Key, RenameMatch Match)>>();
        foreach (var match in matches)
        {
            paired.Add(match.From);
            paired.Add(match.To);
            var (from, to) = (ResourceAddress.Parse(match.From), ResourceAddress.Parse(match.To));
            if (from.Module == to.Module && from.ResourceConfig == to.ResourceConfig && Key(from) is { } fromKey && Key(to) is { } toKey)
            {
                var block = (from.Module, from.ResourceConfig);
                if (!leaders.TryGetValue(block, out var mapping))
                {
                    leaders[block] = mapping = new Dictionary<string, (string, RenameMatch)>(StringComparer.Ordinal);
                }

                mapping[fromKey] = (toKey, match);
            }
        }

        var deletes = Blocks(plan, paired, c => c.Actions.IsPureDelete && c.Deposed is null);
        var creates = Blocks(plan, paired, c => c.Actions.IsPureCreate);
        var found = new List<RenameMatch>();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (block, destroyed) in deletes)
            {
                if (leaders.ContainsKey(block) || !creates.TryGetValue(block, out var created)
                    || Follows(plan, block, destroyed, created, leaders) is not { } leader)
                {
                    continue;
                }

                var mapping = new Dictionary<string, (string, RenameMatch)>(StringComparer.Ordinal);
                foreach (var (key, from) in destroyed.OrderBy(d => d.Key, StringComparer.Ordinal))
                {
                    var (toKey, leaderMatch) = leaders[leader][key];
                    var to = created[toKey];
                    var match = new RenameMatch(from.Address, to.Address, from.Type, 0, [], 0)
                    {
                        FollowsKeysOf = (leader.Module.Length == 0 ? "" : leader.Module + ".") + leader.Block,
                        LeaderMove = leaderMatch,
                    };
                    found.Add(match);
                    mapping[key] = (toKey, leaderMatch);
                }

                leaders[block] = mapping;
                changed = true;
            }
        }

        return found;
    }

    /// <summary>
    /// The renamed block in the same module instance that <paramref name="block"/> refers to and whose key mapping
    /// takes every destroyed key to a created one; null when none does.
    /// </summary>
    private static (string Module, string Block)? Follows(
        TerraformPlan plan,
        (string Module, string Block) block,
        Dictionary<string, ResourceChange> destroyed,
        Dictionary<string, ResourceChange> created,
        Dictionary<(string Module, string Block), Dictionary<string, (string Key, RenameMatch Match)>> leaders)
    {
        var config = plan.Configuration.Find(ResourceAddress.ConfigOf(destroyed.Values.First().Address));
        if (config is null)
        {
            return null;
        }

        var references = config.RepetitionReferences.Concat(config.References.Values.SelectMany(r => r)).ToList();
        foreach (var (leader, mapping) in leaders)
        {
            if (leader.Module == block.Module
                && references.Any(r => r == leader.Block || r.StartsWith(leader.Block + ".", StringComparison.Ordinal) || r.StartsWith(leader.Block + "[", StringComparison.Ordinal))
                && destroyed.Keys.All(k => mapping.TryGetValue(k, out var to) && created.ContainsKey(to.Key)))
            {
                return leader;
            }
        }

        return null;
    }

    /// <summary>The unpaired managed instances that <paramref name="wanted"/> holds for, by (module instance, block) and instance key.</summary>
    private static Dictionary<(string Module, string Block), Dictionary<string, ResourceChange>> Blocks(
        TerraformPlan plan, HashSet<string> paired, Func<ResourceChange, bool> wanted)
    {
        var blocks = new Dictionary<(string Module, string Block), Dictionary<string, ResourceChange>>();
        foreach (var change in plan.Changes)
        {
            if (!change.IsManaged || paired.Contains(change.Address) || !wanted(change) || Key(change.Parsed) is not { } key)
            {
                continue;
            }

            var block = (change.Parsed.Module, change.Parsed.ResourceConfig);
            if (!blocks.TryGetValue(block, out var instances))
            {
                blocks[block] = instances = new Dictionary<string, ResourceChange>(StringComparer.Ordinal);
            }

            instances[key] = change;
        }

        return blocks;
    }

    /// <summary>The instance key as written (<c>[0]</c>, <c>["alpha"]</c>), or null for a block without count or for_each.</summary>
    private static string? Key(ResourceAddress address) =>
        address.Resource.Length > address.ResourceConfig.Length && address.Resource.StartsWith(address.ResourceConfig, StringComparison.Ordinal)
            ? address.Resource[address.ResourceConfig.Length..]
            : null;
}
