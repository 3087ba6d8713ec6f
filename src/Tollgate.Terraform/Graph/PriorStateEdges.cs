using Tollgate.Terraform.Addresses;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The direct dependencies among the lists terraform records at apply (a state file's <c>dependencies</c>, a plan's
/// <c>prior_state</c> <c>depends_on</c>). Each list holds every ancestor of the resource, not only what it reads
/// (after an apply of <c>b → a</c>, <c>c → b</c>, the state says <c>c</c> depends on <c>a</c> and <c>b</c>), so the
/// lists are reduced transitively: an entry <c>c</c> of <c>a</c>'s list is dropped when another entry <c>b</c> of
/// <c>a</c>'s list has <c>c</c> in its own (<c>a → b → c</c>), as <c>terraform graph</c> shows only the direct edges.
/// Instances are merged into their configuration address (<c>x.y[0]</c> and <c>x.y[1]</c> are <c>x.y</c>).
/// </summary>
internal static class PriorStateEdges
{
    /// <summary>Each recorded configuration address with its direct dependencies, in the order first recorded.</summary>
    public static IReadOnlyList<(string From, IReadOnlyList<string> To)> Direct(IReadOnlyDictionary<string, IReadOnlyList<string>> recorded)
    {
        var lists = new Dictionary<string, (List<string> Order, HashSet<string> Set)>(recorded.Count, StringComparer.Ordinal);
        foreach (var (instance, dependencies) in recorded)
        {
            var from = ResourceAddress.ConfigOf(instance);
            if (!lists.TryGetValue(from, out var list))
            {
                lists[from] = list = ([], new HashSet<string>(StringComparer.Ordinal));
            }

            foreach (var dependency in dependencies)
            {
                var to = ResourceAddress.ConfigOf(dependency);
                if (to != from && list.Set.Add(to))
                {
                    list.Order.Add(to);
                }
            }
        }

        // The entries with the longest lists of their own come first: an entry that is an ancestor of another has a
        // shorter list than it (its ancestors are a subset), so it is covered before it is reached. Marking only
        // what the kept entries record suffices, as a dropped entry's list is within the list of the one covering it.
        var result = new List<(string, IReadOnlyList<string>)>(lists.Count);
        var byReach = new List<string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (from, list) in lists)
        {
            if (list.Order.Count <= 1)
            {
                result.Add((from, list.Order));
                continue;
            }

            byReach.Clear();
            byReach.AddRange(list.Order);
            byReach.Sort((x, y) => Reach(lists, y).CompareTo(Reach(lists, x)) is var c && c != 0 ? c : string.CompareOrdinal(x, y));
            covered.Clear();
            kept.Clear();
            foreach (var to in byReach)
            {
                if (covered.Contains(to))
                {
                    continue;
                }

                kept.Add(to);
                if (lists.TryGetValue(to, out var further))
                {
                    covered.UnionWith(further.Set);
                }
            }

            result.Add((from, list.Order.Where(kept.Contains).ToArray()));
        }

        return result;
    }

    private static int Reach(Dictionary<string, (List<string> Order, HashSet<string> Set)> lists, string address) =>
        lists.TryGetValue(address, out var list) ? list.Order.Count : 0;
}
