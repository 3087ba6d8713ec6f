using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// A renamed <c>count</c> or <c>for_each</c> block (<c>terraform_data.old</c> → <c>terraform_data.new</c>): every
/// object the prior state holds of the old block is destroyed and paired by its inputs with the create of the same
/// key of one new block, which the prior state holds nothing of. One <c>moved</c> block for the whole resource then
/// keeps them all, as terraform takes it (<c>from = terraform_data.old</c>, <c>to = terraform_data.new</c>), where one
/// per instance says the same N times. When only some instances move, or their keys change, or the block sits in a
/// module instance with a key, the per-instance blocks stay. Without a prior state to count, nothing is collapsed.
/// </summary>
internal static class BlockRenames
{
    /// <summary><paramref name="matches"/> with the instance renames of each wholly renamed block replaced by that block's rename.</summary>
    public static IReadOnlyList<RenameMatch> Collapse(TerraformPlan plan, IReadOnlyList<RenameMatch> matches)
    {
        var blocks = new Dictionary<string, List<(RenameMatch Match, string ToBlock)>>(StringComparer.Ordinal);
        var spoiled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in matches)
        {
            if (match.Witness is not null || match.FollowsKeysOf is not null)
            {
                continue;
            }

            var (from, to) = (ResourceAddress.Parse(match.From), ResourceAddress.Parse(match.To));
            var fromBlock = Block(from);
            if (Key(from) is not { } fromKey || Key(to) != fromKey || from.Module != from.ModuleConfig || to.Module != to.ModuleConfig
                || from.Config == to.Config)
            {
                spoiled.Add(fromBlock); // an instance of the block goes elsewhere, or to another key: the block does not move whole
                continue;
            }

            if (!blocks.TryGetValue(fromBlock, out var list))
            {
                blocks[fromBlock] = list = [];
            }

            list.Add((match, Block(to)));
        }

        var collapsed = new Dictionary<RenameMatch, RenameMatch>(ReferenceEqualityComparer.Instance);
        foreach (var (fromBlock, instances) in blocks)
        {
            var toBlock = instances[0].ToBlock;
            if (spoiled.Contains(fromBlock) || instances.Any(i => i.ToBlock != toBlock)
                || plan.PriorObjectsUnder is null
                || plan.PriorInstances.GetValueOrDefault(fromBlock) != instances.Count
                || plan.PriorInstances.GetValueOrDefault(toBlock) != 0)
            {
                continue;
            }

            var ordered = instances.Select(i => i.Match).OrderBy(m => m.From, StringComparer.Ordinal).ToList();
            var least = ordered.MinBy(m => m.Similarity)!;
            var block = new RenameMatch(fromBlock, toBlock, least.Type, least.Similarity, least.MatchingAttributes, least.ComparedAttributes)
            {
                Objects = ordered.Count,
                Instances = ordered,
            };
            foreach (var instance in ordered)
            {
                collapsed[instance] = block;
            }
        }

        return collapsed.Count == 0
            ? matches
            : [.. matches.Select(m => collapsed.GetValueOrDefault(m) ?? m).Distinct().OrderBy(m => m.From, StringComparer.Ordinal)];
    }

    private static string Block(ResourceAddress address) => address.Module.Length == 0 ? address.ResourceConfig : address.Module + "." + address.ResourceConfig;

    /// <summary>The instance key as written (<c>[0]</c>, <c>["a"]</c>), or null for a block without count or for_each.</summary>
    private static string? Key(ResourceAddress address) =>
        address.Resource.Length > address.ResourceConfig.Length && address.Resource.StartsWith(address.ResourceConfig, StringComparison.Ordinal)
            ? address.Resource[address.ResourceConfig.Length..]
            : null;
}
