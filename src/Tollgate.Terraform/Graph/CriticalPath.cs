namespace Tollgate.Terraform.Graph;

/// <summary>
/// The longest dependency chain (in resource operations) and what it means for apply time: Terraform walks the
/// graph with at most <c>-parallelism</c> (default 10) operations at once, so an apply takes at least the longest
/// chain and at least nodes ÷ parallelism steps. <see cref="Steps"/> simulates that walk with one step per
/// operation, ready nodes with the longest remaining chain first.
/// </summary>
public sealed record CriticalPath(IReadOnlyList<int> Path, int Steps, int Parallelism, int Operations)
{
    public static CriticalPath Of(DependencyGraph graph, StronglyConnected components, int parallelism = 10)
    {
        // Longest chain ending at each component, dependencies first; cycles count as one step per member.
        var count = components.Count;
        var depth = new int[count];
        var through = new int[count];
        Array.Fill(through, -1);
        for (var c = 0; c < count; c++)
        {
            var best = 0;
            foreach (var node in components.MembersOf(c))
            {
                foreach (var dependency in graph.Dependencies(node))
                {
                    var d = components.ComponentOf[dependency];
                    if (d != c && depth[d] > best)
                    {
                        best = depth[d];
                        through[c] = d;
                    }
                }
            }

            depth[c] = best + Weight(graph, components, c);
        }

        var path = new List<int>();
        if (count > 0)
        {
            var end = Enumerable.Range(0, count).MaxBy(c => depth[c]);
            for (var c = end; c >= 0; c = through[c])
            {
                path.Add(components.MembersOf(c)[0]);
            }
        }

        var operations = Enumerable.Range(0, graph.NodeCount).Count(n => graph.Kinds[n] != NodeKind.Module);
        return new CriticalPath(path, Simulate(graph, components, parallelism), parallelism, operations);
    }

    private static int Weight(DependencyGraph graph, StronglyConnected components, int c)
    {
        var weight = 0;
        foreach (var node in components.MembersOf(c))
        {
            weight += graph.Kinds[node] == NodeKind.Module ? 0 : 1;
        }

        return weight;
    }

    /// <summary>List scheduling of the component DAG: each step runs up to <paramref name="parallelism"/> ready operations.</summary>
    private static int Simulate(DependencyGraph graph, StronglyConnected components, int parallelism)
    {
        var count = components.Count;
        var weight = new int[count];
        for (var n = 0; n < graph.NodeCount; n++)
        {
            weight[components.ComponentOf[n]] += graph.Kinds[n] == NodeKind.Module ? 0 : 1;
        }

        // Component-level dependents in CSR, each edge once (a stamp array instead of a set per component); the
        // pairs go to two arrays sized by the node-level edges, which bound them.
        var waiting = new int[count];
        var offsets = new int[count + 1];
        var stamp = new int[count];
        Array.Fill(stamp, -1);
        var pairFrom = new int[graph.EdgeCount];
        var pairTo = new int[graph.EdgeCount];
        var pairs = 0;
        for (var c = 0; c < count; c++)
        {
            foreach (var node in components.MembersOf(c))
            {
                foreach (var dependency in graph.Dependencies(node))
                {
                    var d = components.ComponentOf[dependency];
                    if (d != c && stamp[d] != c)
                    {
                        stamp[d] = c;
                        waiting[c]++;
                        offsets[d + 1]++;
                        (pairFrom[pairs], pairTo[pairs]) = (d, c);
                        pairs++;
                    }
                }
            }
        }

        for (var c = 0; c < count; c++)
        {
            offsets[c + 1] += offsets[c];
        }

        var fill = (int[])offsets.Clone();
        var dependents = new int[pairs];
        for (var p = 0; p < pairs; p++)
        {
            dependents[fill[pairFrom[p]]++] = pairTo[p];
        }

        // Remaining chain length from each component to the end (dependents side), for priority.
        var remaining = new int[count];
        for (var c = count - 1; c >= 0; c--)
        {
            var longest = 0;
            for (var e = offsets[c]; e < offsets[c + 1]; e++)
            {
                longest = Math.Max(longest, remaining[dependents[e]]);
            }

            remaining[c] = longest + Math.Max(1, weight[c]);
        }

        var ready = new PriorityQueue<int, int>();
        for (var c = 0; c < count; c++)
        {
            if (waiting[c] == 0)
            {
                ready.Enqueue(c, -remaining[c]);
            }
        }

        var steps = 0;
        var running = new List<int>(parallelism);
        while (ready.Count > 0)
        {
            running.Clear();
            var slots = parallelism;
            var work = false;
            while (slots > 0 && ready.TryDequeue(out var c, out _))
            {
                running.Add(c);
                work |= weight[c] > 0;
                slots -= Math.Min(slots, weight[c]);
            }

            steps += work ? 1 : 0;
            foreach (var c in running)
            {
                for (var e = offsets[c]; e < offsets[c + 1]; e++)
                {
                    if (--waiting[dependents[e]] == 0)
                    {
                        ready.Enqueue(dependents[e], -remaining[dependents[e]]);
                    }
                }
            }
        }

        return steps;
    }
}
