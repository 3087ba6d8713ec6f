using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// Which replacements force which: B is a consequence of A when both are replaced and B's forcing attribute
/// (its <c>replace_paths</c>) refers to A in the configuration, or, where the configuration cannot say, the
/// forcing attribute is unknown until apply (or <c>replace_triggered_by</c> fired) and A is the nearest replaced
/// resource B depends on in the prior state, its lists reduced to direct edges first.
/// </summary>
public sealed class ReplaceChains
{
    private readonly Dictionary<string, List<ChainLink>> _forces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consequences = new(StringComparer.Ordinal);

    private ReplaceChains()
    {
    }

    /// <summary>Replacements that force others and are not themselves forced: the root causes.</summary>
    public IReadOnlyList<string> Roots { get; private set; } = [];

    public bool IsConsequence(string address) => _consequences.Contains(address);

    /// <summary>The first link that forces this replacement, or null when nothing in the plan forces it.</summary>
    public ChainLink? CauseOf(string address) =>
        _consequences.Contains(address)
            ? _forces.Values.SelectMany(l => l).Where(l => l.Consequence == address).OrderBy(l => l.Cause, StringComparer.Ordinal).First()
            : null;

    public IReadOnlyList<ChainLink> DirectlyForcedBy(string address) =>
        _forces.TryGetValue(address, out var links) ? links : [];

    /// <summary>Everything a root forces, breadth first, each with the link that forced it.</summary>
    public IReadOnlyList<ChainLink> ConsequencesOf(string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { root };
        var order = new List<ChainLink>();
        var queue = new Queue<string>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            foreach (var link in DirectlyForcedBy(queue.Dequeue()))
            {
                if (seen.Add(link.Consequence))
                {
                    order.Add(link);
                    queue.Enqueue(link.Consequence);
                }
            }
        }

        return order;
    }

    public static ReplaceChains Of(TerraformPlan plan)
    {
        var chains = new ReplaceChains();
        var replaced = plan.Changes.Where(c => c.Actions.Replaces && c.Deposed is null).ToList();
        var byConfig = replaced.GroupBy(c => c.Parsed.Config, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var direct = new Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>>(() =>
            PriorStateEdges.Direct(plan.PriorDependsOn).ToDictionary(e => e.From, e => e.To, StringComparer.Ordinal));

        foreach (var consequence in replaced)
        {
            foreach (var (cause, attribute, via) in Causes(plan, consequence, byConfig, direct))
            {
                if (cause.Address == consequence.Address)
                {
                    continue;
                }

                if (!chains._forces.TryGetValue(cause.Address, out var list))
                {
                    chains._forces[cause.Address] = list = [];
                }

                if (list.All(l => l.Consequence != consequence.Address))
                {
                    list.Add(new ChainLink(cause.Address, consequence.Address, attribute, via));
                    chains._consequences.Add(consequence.Address);
                }
            }
        }

        chains.Roots = chains._forces.Keys
            .Where(a => !chains._consequences.Contains(a))
            .Order(StringComparer.Ordinal)
            .ToList();

        // A chain that loops back on itself has no unforced member: name its first address as the root.
        var covered = new HashSet<string>(chains.Roots.SelectMany(r => chains.ConsequencesOf(r).Select(l => l.Consequence)).Concat(chains.Roots), StringComparer.Ordinal);
        var extra = chains._forces.Keys.Where(a => !covered.Contains(a)).Order(StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
        {
            chains.Roots = chains.Roots.Concat(extra.Take(1)).ToList();
        }

        return chains;
    }

    private static IEnumerable<(ResourceChange Cause, string Attribute, string Via)> Causes(
        TerraformPlan plan,
        ResourceChange consequence,
        Dictionary<string, List<ResourceChange>> byConfig,
        Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> direct)
    {
        var config = plan.Configuration.Find(consequence.Parsed.Config);
        var attributes = consequence.ReplacePaths.Where(p => p.Count > 0).Select(p => p[0]).Distinct().ToList();
        var found = false;
        if (config is not null)
        {
            foreach (var attribute in attributes)
            {
                if (!config.References.TryGetValue(attribute, out var references))
                {
                    continue;
                }

                foreach (var reference in references)
                {
                    var target = ResolveResource(reference, config.ModulePath);
                    if (target is null || !byConfig.TryGetValue(target, out var causes))
                    {
                        continue;
                    }

                    foreach (var cause in causes)
                    {
                        found = true;
                        yield return (cause, attribute, reference);
                    }
                }
            }
        }

        if (found || !plan.PriorDependsOn.ContainsKey(consequence.Address))
        {
            yield break;
        }

        var forcedByUnknown = attributes.Any(a => JsonValues.IsUnknown(consequence.AfterUnknown, a));
        var byTriggers = consequence.ActionReason == "replace_by_triggers";
        if (!forcedByUnknown && !byTriggers)
        {
            yield break;
        }

        foreach (var dependency in NearestReplaced(consequence.Parsed.Config, direct.Value, byConfig))
        {
            foreach (var cause in byConfig[dependency])
            {
                yield return (cause, attributes.FirstOrDefault() ?? "replace_triggered_by", "depends_on " + dependency);
            }
        }
    }

    /// <summary>
    /// The replaced resources nearest to <paramref name="config"/> along the direct edges of the prior state's lists:
    /// a recorded list holds every ancestor (<c>d</c> after <c>c → b → a</c> records all three), so its own entries
    /// would make the root force everything; a resource that is not replaced is walked through.
    /// </summary>
    private static IEnumerable<string> NearestReplaced(string config, IReadOnlyDictionary<string, IReadOnlyList<string>> direct, Dictionary<string, List<ResourceChange>> byConfig)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { config };
        var pending = new Queue<string>();
        pending.Enqueue(config);
        while (pending.TryDequeue(out var address))
        {
            foreach (var dependency in direct.GetValueOrDefault(address) ?? [])
            {
                if (!seen.Add(dependency))
                {
                    continue;
                }

                if (byConfig.ContainsKey(dependency))
                {
                    yield return dependency;
                }
                else
                {
                    pending.Enqueue(dependency);
                }
            }
        }
    }

    /// <summary>"terraform_data.a.output" inside module.m → "module.m.terraform_data.a"; non-resource references → null.</summary>
    private static string? ResolveResource(string reference, string modulePath)
    {
        var parts = reference.Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        string local;
        if (parts[0] == "data" && parts.Length >= 3)
        {
            local = $"data.{parts[1]}.{StripKey(parts[2])}";
        }
        else if (parts[0] is "var" or "local" or "module" or "each" or "count" or "path" or "terraform" or "self")
        {
            return null;
        }
        else
        {
            local = $"{parts[0]}.{StripKey(parts[1])}";
        }

        return modulePath.Length == 0 ? local : modulePath + "." + local;
    }

    private static string StripKey(string step)
    {
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? step : step[..bracket];
    }
}
