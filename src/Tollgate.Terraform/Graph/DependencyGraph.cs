namespace Tollgate.Terraform.Graph;

/// <summary>
/// The dependency graph of resources, data sources and module calls, in compressed sparse rows: the edges of node
/// <c>i</c> are <c>Targets[Offsets[i]..Offsets[i+1]]</c>, sorted. Edges run dependent → dependency; the reverse
/// rows (dependents) are kept too, so both directions are array scans. Built by <see cref="GraphBuilder"/>.
/// </summary>
public sealed class DependencyGraph
{
    private readonly Dictionary<string, int> _index;

    internal DependencyGraph(string[] names, NodeKind[] kinds, string[] modules, int[] offsets, int[] targets, EdgeKind[] edgeKinds, Dictionary<string, int> index)
    {
        Names = names;
        Kinds = kinds;
        Modules = modules;
        OutOffsets = offsets;
        OutTargets = targets;
        OutKinds = edgeKinds;
        _index = index;
        (InOffsets, InSources) = Transpose(names.Length, offsets, targets);
    }

    public string[] Names { get; }

    public NodeKind[] Kinds { get; }

    /// <summary>The module path of each node ("" for the root module).</summary>
    public string[] Modules { get; }

    public int[] OutOffsets { get; }

    public int[] OutTargets { get; }

    public EdgeKind[] OutKinds { get; }

    public int[] InOffsets { get; }

    public int[] InSources { get; }

    public int NodeCount => Names.Length;

    public int EdgeCount => OutTargets.Length;

    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    public ReadOnlySpan<int> Dependencies(int node) => OutTargets.AsSpan(OutOffsets[node], OutOffsets[node + 1] - OutOffsets[node]);

    public ReadOnlySpan<int> Dependents(int node) => InSources.AsSpan(InOffsets[node], InOffsets[node + 1] - InOffsets[node]);

    public int DependentCount(int node) => InOffsets[node + 1] - InOffsets[node];

    /// <summary>The reasons for the edge <paramref name="from"/> → <paramref name="to"/>, or <see cref="EdgeKind.None"/>.</summary>
    public EdgeKind KindOf(int from, int to)
    {
        var at = Array.BinarySearch(OutTargets, OutOffsets[from], OutOffsets[from + 1] - OutOffsets[from], to);
        return at >= 0 ? OutKinds[at] : EdgeKind.None;
    }

    private static (int[] Offsets, int[] Sources) Transpose(int nodes, int[] offsets, int[] targets)
    {
        var inOffsets = new int[nodes + 1];
        foreach (var t in targets)
        {
            inOffsets[t + 1]++;
        }

        for (var i = 0; i < nodes; i++)
        {
            inOffsets[i + 1] += inOffsets[i];
        }

        var fill = (int[])inOffsets.Clone();
        var sources = new int[targets.Length];
        for (var from = 0; from < nodes; from++)
        {
            for (var e = offsets[from]; e < offsets[from + 1]; e++)
            {
                sources[fill[targets[e]]++] = from;
            }
        }

        return (inOffsets, sources);
    }
}
