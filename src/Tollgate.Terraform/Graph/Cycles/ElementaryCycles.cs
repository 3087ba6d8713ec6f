namespace Tollgate.Terraform.Graph.Cycles;

/// <summary>
/// Lists the elementary cycles of each cyclic component by Johnson's algorithm
/// (https://doi.org/10.1137/0204007): from the least node of a component, a depth-first search that blocks nodes
/// which cannot reach the start again until a cycle through them is found; then the start is removed and the
/// search goes on in the strongly connected components of what is left. The search is iterative (a ring of
/// 100,000 nodes is one cycle, not a stack overflow) and stops at <see cref="CycleLimits"/>.
/// </summary>
public sealed class ElementaryCycles
{
    private readonly int[] _offsets;
    private readonly int[] _targets;
    private readonly int[] _members;
    private readonly int[] _inSubset;
    private readonly bool[] _blocked;
    private readonly List<int>?[] _blockedBy;
    private readonly int[] _localOf;
    private readonly List<IReadOnlyList<int>> _found = [];
    private readonly int _want;
    private readonly long _workLimit;
    private readonly int _maxLength;
    private long _work;
    private int _tooLong;
    private int _stamp;

    private ElementaryCycles(DependencyGraph graph, StronglyConnected components, int component, int[] localOf, int limit, long workUsed, CycleLimits limits)
    {
        // Local indices in address order, so every cycle starts at its member that sorts first.
        _members = components.MembersOf(component).ToArray();
        var names = Array.ConvertAll(_members, m => graph.Names[m]);
        Array.Sort(names, _members, StringComparer.Ordinal);
        _localOf = localOf;
        for (var i = 0; i < _members.Length; i++)
        {
            localOf[_members[i]] = i;
        }

        _offsets = new int[_members.Length + 1];
        var targets = new List<int>();
        for (var i = 0; i < _members.Length; i++)
        {
            foreach (var dependency in graph.Dependencies(_members[i]))
            {
                if (components.ComponentOf[dependency] == component)
                {
                    targets.Add(localOf[dependency]);
                }
            }

            _offsets[i + 1] = targets.Count;
        }

        var sorted = targets.ToArray();
        for (var i = 0; i < _members.Length; i++)
        {
            Array.Sort(sorted, _offsets[i], _offsets[i + 1] - _offsets[i]);
        }

        _targets = sorted;
        _inSubset = new int[_members.Length];
        _blocked = new bool[_members.Length];
        _blockedBy = new List<int>?[_members.Length];
        _want = limit + 1;
        _work = workUsed;
        _workLimit = limits.Work;
        _maxLength = limits.MaxLength;
    }

    /// <summary>The cycles of every cyclic component of <paramref name="graph"/>, in component order.</summary>
    public static IReadOnlyList<ComponentCycles> Of(DependencyGraph graph, StronglyConnected components, CycleLimits? limits = null)
    {
        limits ??= CycleLimits.Default;
        var result = new List<ComponentCycles>();
        var total = 0;
        long work = 0;
        int[]? localOf = null;
        foreach (var component in components.Cycles(graph))
        {
            localOf ??= new int[graph.NodeCount];
            var limit = Math.Max(1, Math.Min(limits.PerComponent, limits.Total - total));
            var search = new ElementaryCycles(graph, components, component, localOf, limit, work, limits);
            var listed = search.Run();
            work = search._work;
            total += listed.Cycles.Count;
            result.Add(listed with { Component = component });
        }

        return result;
    }

    private ComponentCycles Run()
    {
        var pending = new Stack<List<int>>();
        pending.Push(Enumerable.Range(0, _members.Length).ToList());
        var stopped = false;
        while (pending.Count > 0 && _found.Count < _want && !stopped)
        {
            var subset = pending.Pop();
            _stamp++;
            foreach (var v in subset)
            {
                _inSubset[v] = _stamp;
                _blocked[v] = false;
                _blockedBy[v]?.Clear();
            }

            var start = subset[0];
            stopped = !Circuits(start);
            _inSubset[start] = 0;
            foreach (var rest in SubgraphComponents.Cyclic(_offsets, _targets, subset.GetRange(1, subset.Count - 1), _inSubset, _stamp, ref _work))
            {
                pending.Push(rest);
            }

            stopped |= _work > _workLimit;
        }

        var finished = !stopped && pending.Count == 0 && _found.Count < _want;
        var cycles = _found.Take(_want - 1).ToList();
        if (cycles.Count == 0)
        {
            cycles.Add(ShortestCycle.ThroughFirst(_offsets, _targets, _members));
        }

        // A cycle over the length limit is found but not listed, unless it is the component's only one (a long ring).
        var unlisted = _found.Count >= _want || _tooLong > (_found.Count == 0 ? 1 : 0);
        var listing = unlisted ? CycleListing.MoreExist : finished ? CycleListing.Complete : CycleListing.Stopped;

        cycles.Sort(CompareCycles);
        return new ComponentCycles(0, cycles, listing);
    }

    /// <summary>Every elementary cycle through <paramref name="start"/> in the current subset; false when a limit stopped it.</summary>
    private bool Circuits(int start)
    {
        var n = _members.Length;
        var frameNode = new int[n];
        var frameEdge = new int[n];
        var closed = new bool[n];
        var depth = 0;
        frameNode[0] = start;
        frameEdge[0] = _offsets[start];
        _blocked[start] = true;
        while (depth >= 0)
        {
            var v = frameNode[depth];
            if (frameEdge[depth] < _offsets[v + 1])
            {
                var w = _targets[frameEdge[depth]++];
                if (++_work > _workLimit)
                {
                    return false;
                }

                if (_inSubset[w] != _stamp)
                {
                    continue;
                }

                if (w == start)
                {
                    // The frames below learn it when this one returns (Johnson's f = f or CIRCUIT(w)).
                    closed[depth] = true;
                    if (depth + 1 > _maxLength)
                    {
                        _tooLong++;
                        continue;
                    }

                    var cycle = new int[depth + 2];
                    for (var i = 0; i <= depth; i++)
                    {
                        cycle[i] = _members[frameNode[i]];
                    }

                    cycle[depth + 1] = _members[start];
                    _found.Add(cycle);
                    if (_found.Count >= _want)
                    {
                        return true;
                    }
                }
                else if (!_blocked[w])
                {
                    _blocked[w] = true;
                    depth++;
                    frameNode[depth] = w;
                    frameEdge[depth] = _offsets[w];
                    closed[depth] = false;
                }

                continue;
            }

            if (closed[depth])
            {
                Unblock(v);
                if (depth > 0)
                {
                    closed[depth - 1] = true;
                }
            }
            else
            {
                for (var e = _offsets[v]; e < _offsets[v + 1]; e++)
                {
                    var w = _targets[e];
                    if (_inSubset[w] == _stamp && !(_blockedBy[w] ??= []).Contains(v))
                    {
                        _blockedBy[w]!.Add(v);
                    }
                }
            }

            depth--;
        }

        return true;
    }

    private void Unblock(int node)
    {
        var stack = new Stack<int>([node]);
        while (stack.Count > 0)
        {
            var u = stack.Pop();
            _work++;
            if (!_blocked[u])
            {
                continue;
            }

            _blocked[u] = false;
            if (_blockedBy[u] is { Count: > 0 } waiting)
            {
                foreach (var w in waiting)
                {
                    stack.Push(w);
                }

                waiting.Clear();
            }
        }
    }

    private int CompareCycles(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var byLength = a.Count.CompareTo(b.Count);
        if (byLength != 0)
        {
            return byLength;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var order = _localOf[a[i]].CompareTo(_localOf[b[i]]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}
