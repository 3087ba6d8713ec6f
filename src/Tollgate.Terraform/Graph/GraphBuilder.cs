using System.Runtime.InteropServices;

namespace Tollgate.Terraform.Graph;

/// <summary>Collects nodes and edges in any order, merges duplicate edges' reasons, and freezes them into CSR arrays.</summary>
/// <param name="nodes">How many nodes to make room for (the builder grows past it as needed).</param>
public sealed class GraphBuilder(int nodes = 0)
{
    private readonly Dictionary<string, int> _index = new(nodes, StringComparer.Ordinal);
    private readonly List<string> _names = new(nodes);
    private readonly List<NodeKind> _kinds = new(nodes);
    private readonly List<string> _modules = new(nodes);
    private readonly List<long> _edges = [];
    private readonly List<EdgeKind> _edgeKinds = [];

    public int NodeCount => _names.Count;

    /// <summary>Adds a node or returns the existing one of that name.</summary>
    public int Node(string name, NodeKind kind, string module)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, name, out var exists);
        if (exists)
        {
            return slot;
        }

        var id = _names.Count;
        slot = id;
        _names.Add(name);
        _kinds.Add(kind);
        _modules.Add(module);
        return id;
    }

    /// <summary>Adds a node named by a configuration address, its kind and module taken from the address.</summary>
    public int Node(string address)
    {
        if (_index.TryGetValue(address, out var existing))
        {
            return existing;
        }

        var (kind, module) = Classify(address);
        return Node(address, kind, module);
    }

    public int Find(string name) => _index.GetValueOrDefault(name, -1);

    public void Edge(int from, int to, EdgeKind kind)
    {
        if (from == to && kind == EdgeKind.Contains)
        {
            return;
        }

        _edges.Add(((long)from << 32) | (uint)to);
        _edgeKinds.Add(kind);
    }

    /// <summary>The edges added so far, as each node's dependencies (a copy: later edges are not in it).</summary>
    internal List<int>?[] Adjacency()
    {
        var lists = new List<int>?[_names.Count];
        foreach (var edge in _edges)
        {
            (lists[(int)(edge >> 32)] ??= []).Add((int)(edge & 0xFFFFFFFF));
        }

        return lists;
    }

    public DependencyGraph Build()
    {
        var order = Enumerable.Range(0, _edges.Count).ToArray();
        var keys = _edges.ToArray();
        Array.Sort(keys, order);
        var offsets = new int[_names.Count + 1];
        var targets = new List<int>(keys.Length);
        var kinds = new List<EdgeKind>(keys.Length);
        long previous = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] == previous)
            {
                kinds[^1] |= _edgeKinds[order[i]];
                continue;
            }

            previous = keys[i];
            offsets[(int)(keys[i] >> 32) + 1]++;
            targets.Add((int)(keys[i] & 0xFFFFFFFF));
            kinds.Add(_edgeKinds[order[i]]);
        }

        for (var i = 0; i < _names.Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        return new DependencyGraph(_names.ToArray(), _kinds.ToArray(), _modules.ToArray(), offsets, targets.ToArray(), kinds.ToArray(), _index);
    }

    /// <summary>Kind and module path of a configuration address such as <c>module.a.data.x.y</c> or <c>module.a</c>.</summary>
    public static (NodeKind Kind, string Module) Classify(string address)
    {
        // Step over each "module.NAME." prefix; what is left is "data.T.N", "T.N", or nothing (a module call).
        var rest = 0;
        while (address.AsSpan(rest).StartsWith("module.", StringComparison.Ordinal))
        {
            var dot = address.IndexOf('.', rest + 7);
            if (dot < 0)
            {
                return (NodeKind.Module, rest == 0 ? "" : address[..(rest - 1)]);
            }

            rest = dot + 1;
        }

        var module = rest == 0 ? "" : address[..(rest - 1)];
        return (address.AsSpan(rest).StartsWith("data.", StringComparison.Ordinal) ? NodeKind.Data : NodeKind.Resource, module);
    }
}
