namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// Reduces the verbose dialect: strips <c>[root] </c> and the <c>(expand)</c>/<c>(close)</c>/<c>(destroy…)</c>
/// suffixes, keeps resource and data nodes, and replaces each edge into any other node by edges to the
/// resources that node finally leads to (a depth-first walk through value nodes, memoised).
/// </summary>
internal static class Verbose
{
    public static DotGraph Reduce(IReadOnlyList<string> nodes, List<(string From, string To, bool Red)> edges)
    {
        var outgoing = new Dictionary<string, List<(string To, bool Red)>>(StringComparer.Ordinal);
        foreach (var (from, to, red) in edges)
        {
            var f = Normalize(from);
            var t = Normalize(to);
            if (!outgoing.TryGetValue(f, out var list))
            {
                outgoing[f] = list = [];
            }

            list.Add((t, red));
        }

        var all = nodes.Select(Normalize).Concat(outgoing.Keys).Concat(outgoing.Values.SelectMany(l => l.Select(x => x.To)));
        var resources = all.Where(IsResource).Distinct(StringComparer.Ordinal).ToList();
        var memo = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var reduced = new HashSet<(string, string)>();
        var cycles = new HashSet<(string, string)>();
        foreach (var resource in resources)
        {
            if (!outgoing.TryGetValue(resource, out var targets))
            {
                continue;
            }

            foreach (var (to, red) in targets)
            {
                foreach (var target in Reach(to, outgoing, memo, []))
                {
                    if (target != resource)
                    {
                        reduced.Add((resource, target));
                        if (red)
                        {
                            cycles.Add((resource, target));
                        }
                    }
                }
            }
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            index[resources[i]] = i;
        }

        var edgeIds = reduced.Order().Select(e => (index[e.Item1], index[e.Item2])).ToList();
        return new DotGraph(DotDialect.Verbose, resources, edgeIds, cycles.Order().ToList());
    }

    private static HashSet<string> Reach(string node, Dictionary<string, List<(string To, bool Red)>> outgoing, Dictionary<string, HashSet<string>> memo, HashSet<string> visiting)
    {
        if (IsResource(node))
        {
            return [node];
        }

        if (memo.TryGetValue(node, out var known))
        {
            return known;
        }

        var result = new HashSet<string>(StringComparer.Ordinal);
        if (!visiting.Add(node))
        {
            return result;
        }

        if (outgoing.TryGetValue(node, out var targets))
        {
            foreach (var (to, _) in targets)
            {
                result.UnionWith(Reach(to, outgoing, memo, visiting));
            }
        }

        visiting.Remove(node);
        memo[node] = result;
        return result;
    }

    /// <summary><c>[root] module.a.aws_x.y (expand)</c> → <c>module.a.aws_x.y</c>; <c>(close)</c> nodes stay apart from what they close.</summary>
    public static string Normalize(string id)
    {
        var name = id.StartsWith("[root] ", StringComparison.Ordinal) ? id[7..] : id;
        var paren = name.LastIndexOf(" (", StringComparison.Ordinal);
        if (paren <= 0 || !name.EndsWith(')') || name.EndsWith(" (close)", StringComparison.Ordinal))
        {
            return name;
        }

        return name[..paren];
    }

    public static bool IsResource(string name)
    {
        if (name.Contains('[') || name.Contains(' '))
        {
            return false;
        }

        var parts = name.Split('.');
        var i = 0;
        while (i + 1 < parts.Length && parts[i] == "module")
        {
            i += 2;
        }

        var rest = parts.Length - i;
        if (rest == 3 && parts[i] == "data")
        {
            return true;
        }

        return rest == 2 && parts[i] is not ("var" or "local" or "output" or "check" or "module" or "data" or "meta" or "provider" or "ephemeral" or "action");
    }
}
