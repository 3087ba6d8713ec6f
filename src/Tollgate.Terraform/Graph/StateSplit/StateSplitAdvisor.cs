namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// Groups resources by owner (owners file, then owner/team tags, then top-level module; unowned root resources
/// join the owner most of their neighbours have) and lists, per pair of groups, the exact references that would
/// become <c>terraform_remote_state</c> or data-source lookups after the split.
/// </summary>
public sealed class StateSplitAdvisor(GraphAnalysis analysis, OwnerMap owners)
{
    private readonly DependencyGraph _graph = analysis.Graph;

    public StateSplitAdvice Advise()
    {
        var (owner, basis) = AssignOwners();
        var states = new List<ProposedState>();
        foreach (var group in Enumerable.Range(0, _graph.NodeCount).Where(n => owner[n] is not null).GroupBy(n => owner[n]!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var resources = members.Where(n => _graph.Kinds[n] == NodeKind.Resource).Select(n => _graph.Names[n]).Order(StringComparer.Ordinal).ToList();
            var modules = members.Where(n => _graph.Kinds[n] == NodeKind.Module).Select(n => _graph.Names[n]).Order(StringComparer.Ordinal).ToList();
            // The largest blast radius among the 64 most depended-on members: one machine word per component.
            var sample = members.OrderByDescending(_graph.DependentCount).Take(64).ToList();
            var blast = BlastRadius.Of(_graph, analysis.Components, sample);
            var foreign = Foreign(members, owner, group.Key);
            states.Add(new ProposedState(group.Key, resources, modules, foreign, blast.Sizes.DefaultIfEmpty(0).Max())
            {
                DataSources = members.Where(n => _graph.Kinds[n] == NodeKind.Data).Select(n => _graph.Names[n]).Order(StringComparer.Ordinal).ToList(),
                Basis = string.Join(", ", members.Select(m => basis[m]).Distinct().Order(StringComparer.Ordinal)),
            });
        }

        return new StateSplitAdvice(states, Boundaries(owner));
    }

    private List<StateBoundary> Boundaries(string?[] owner)
    {
        var crossings = new Dictionary<(string, string), List<CrossReference>>();
        void Add(string consumer, string written, ResolvedReference target, bool dependsOn, bool fromGraph = false)
        {
            var from = _graph.IndexOf(consumer);
            var to = _graph.IndexOf(target.Address);
            if (from < 0 || to < 0 || owner[from] is not { } a || owner[to] is not { } b || a == b)
            {
                return;
            }

            if (!crossings.TryGetValue((a, b), out var list))
            {
                crossings[(a, b)] = list = [];
            }

            list.Add(new CrossReference(consumer, written, target.Address, target.Via, dependsOn)
            {
                FromGraph = fromGraph,
                Path = fromGraph || dependsOn ? null : ExportPath.Of(analysis.Model.Config, _graph.Modules[from], written, target.Via, target.Address),
            });
        }

        foreach (var (consumer, references) in analysis.Model.References)
        {
            foreach (var (written, target) in references)
            {
                Add(consumer, written, target, false);
            }
        }

        foreach (var (consumer, entries) in analysis.Model.DependsOn)
        {
            foreach (var (written, target) in entries)
            {
                Add(consumer, written, target, true);
            }
        }

        if (analysis.Model.References.Count == 0 && analysis.Model.DependsOn.Count == 0)
        {
            // A terraform graph DOT file: no expressions, only edges; each edge between two states still crosses.
            for (var from = 0; from < _graph.NodeCount; from++)
            {
                foreach (var to in _graph.Dependencies(from))
                {
                    if (_graph.Kinds[from] != NodeKind.Module && _graph.Kinds[to] != NodeKind.Module)
                    {
                        Add(_graph.Names[from], _graph.Names[to], new ResolvedReference(_graph.Names[to], []), dependsOn: false, fromGraph: true);
                    }
                }
            }
        }

        return crossings
            .Select(c => new StateBoundary(c.Key.Item1, c.Key.Item2, c.Value.OrderBy(r => r.Consumer, StringComparer.Ordinal).ThenBy(r => r.Written, StringComparer.Ordinal).ToList())
            {
                Mutual = crossings.ContainsKey((c.Key.Item2, c.Key.Item1)),
            })
            .OrderBy(b => b.References.Count)
            .ThenBy(b => b.ConsumerOwner, StringComparer.Ordinal)
            .ThenBy(b => b.ProducerOwner, StringComparer.Ordinal)
            .ToList();
    }

    private int Foreign(List<int> members, string?[] owner, string group)
    {
        var seen = new HashSet<int>(members);
        var queue = new Queue<int>(members);
        var foreign = 0;
        while (queue.Count > 0)
        {
            foreach (var dependent in _graph.Dependents(queue.Dequeue()))
            {
                if (seen.Add(dependent))
                {
                    queue.Enqueue(dependent);
                    if (owner[dependent] != group && _graph.Kinds[dependent] != NodeKind.Module)
                    {
                        foreign++;
                    }
                }
            }
        }

        return foreign;
    }

    private (string?[] Owner, string[] Basis) AssignOwners()
    {
        var n = _graph.NodeCount;
        var owner = new string?[n];
        var basis = new string[n];
        var config = analysis.Model;
        for (var i = 0; i < n; i++)
        {
            if (_graph.Kinds[i] == NodeKind.Module && owners.OwnerOf(_graph.Names[i], null) is null)
            {
                continue; // a module call belongs to whoever owns what it contains (below)
            }

            var name = _graph.Names[i];
            var module = _graph.Kinds[i] == NodeKind.Module ? name : _graph.Modules[i];
            var file = config.Resource(name)?.File ?? config.ModuleCall(name)?.File;
            if (owners.OwnerOf(module, file) is { } mapped)
            {
                (owner[i], basis[i]) = (mapped, owners.SourceName);
            }
            else if (Tag(name) is { } tag)
            {
                (owner[i], basis[i]) = (tag, "tags");
            }
            else if (module.Length > 0)
            {
                (owner[i], basis[i]) = (string.Join('.', module.Split('.').Take(2)), "module");
            }
        }

        // An untagged resource joins the owner most tagged resources of its own module have.
        var moduleTags = Enumerable.Range(0, n)
            .Where(i => basis[i] == "tags")
            .GroupBy(i => _graph.Modules[i])
            .ToDictionary(g => g.Key, g => g.GroupBy(i => owner[i]!).OrderByDescending(o => o.Count()).ThenBy(o => o.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (_graph.Kinds[i] != NodeKind.Module && (owner[i] is null || basis[i] == "module") && moduleTags.TryGetValue(_graph.Modules[i], out var tagged))
            {
                (owner[i], basis[i]) = (tagged, "tags");
            }
        }

        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < n; i++)
            {
                if (owner[i] is not null || _graph.Kinds[i] == NodeKind.Module)
                {
                    continue;
                }

                var vote = _graph.Dependencies(i).ToArray().Concat(_graph.Dependents(i).ToArray())
                    .Where(j => owner[j] is not null).GroupBy(j => owner[j]!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
                if (vote is not null)
                {
                    (owner[i], basis[i]) = (vote.Key, "neighbours");
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (owner[i] is null && _graph.Kinds[i] == NodeKind.Module)
            {
                var prefix = _graph.Names[i] + ".";
                var vote = Enumerable.Range(0, n)
                    .Where(j => _graph.Kinds[j] != NodeKind.Module && owner[j] is not null && _graph.Names[j].StartsWith(prefix, StringComparison.Ordinal))
                    .GroupBy(j => owner[j]!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
                if (vote is not null)
                {
                    (owner[i], basis[i]) = (vote.Key, basis[vote.First()]);
                }
            }

            if (owner[i] is null)
            {
                (owner[i], basis[i]) = ("root", "root module");
            }
        }

        return (owner, basis);
    }

    private string? Tag(string address)
    {
        if (analysis.Model.Identities.OwnerTags.TryGetValue(address, out var tag))
        {
            return tag;
        }

        return analysis.Model.Resource(address)?.Literals
            .FirstOrDefault(l => l.Path.Split('.') is [_, var key] && key.ToLowerInvariant() is "owner" or "team")?.Value;
    }
}
