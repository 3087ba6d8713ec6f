namespace Tollgate.Terraform.Graph;

/// <summary>
/// Strongly connected components by Tarjan's algorithm (https://doi.org/10.1137/0201010), iterative so a
/// 100,000-node chain cannot overflow the stack. Components come out dependencies first (reverse topological order
/// of the dependency edges), which is the order blast radius and critical path need.
/// </summary>
public sealed class StronglyConnected
{
    private StronglyConnected(int[] componentOf, int[] componentOffsets, int[] members)
    {
        ComponentOf = componentOf;
        ComponentOffsets = componentOffsets;
        Members = members;
    }

    /// <summary>The component of each node; components are numbered in the order they were completed.</summary>
    public int[] ComponentOf { get; }

    public int[] ComponentOffsets { get; }

    public int[] Members { get; }

    public int Count => ComponentOffsets.Length - 1;

    public ReadOnlySpan<int> MembersOf(int component) =>
        Members.AsSpan(ComponentOffsets[component], ComponentOffsets[component + 1] - ComponentOffsets[component]);

    public int SizeOf(int component) => ComponentOffsets[component + 1] - ComponentOffsets[component];

    /// <summary>Components that are cycles: more than one node, or a node that depends on itself.</summary>
    public IEnumerable<int> Cycles(DependencyGraph graph)
    {
        for (var c = 0; c < Count; c++)
        {
            if (SizeOf(c) > 1 || graph.KindOf(MembersOf(c)[0], MembersOf(c)[0]) != EdgeKind.None)
            {
                yield return c;
            }
        }
    }

    public static StronglyConnected Of(DependencyGraph graph)
    {
        var n = graph.NodeCount;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var componentOf = new int[n];
        Array.Fill(index, -1);
        var stack = new int[n];
        var stackTop = 0;
        var callNode = new int[n];
        var callEdge = new int[n];
        var members = new int[n];
        var memberCount = 0;
        var offsets = new List<int> { 0 };
        var next = 0;
        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            var depth = 0;
            callNode[0] = root;
            callEdge[0] = graph.OutOffsets[root];
            index[root] = low[root] = next++;
            stack[stackTop++] = root;
            onStack[root] = true;
            while (depth >= 0)
            {
                var v = callNode[depth];
                if (callEdge[depth] < graph.OutOffsets[v + 1])
                {
                    var w = graph.OutTargets[callEdge[depth]++];
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = next++;
                        stack[stackTop++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = graph.OutOffsets[w];
                    }
                    else if (onStack[w] && index[w] < low[v])
                    {
                        low[v] = index[w];
                    }

                    continue;
                }

                if (low[v] == index[v])
                {
                    int w;
                    do
                    {
                        w = stack[--stackTop];
                        onStack[w] = false;
                        componentOf[w] = offsets.Count - 1;
                        members[memberCount++] = w;
                    }
                    while (w != v);
                    offsets.Add(memberCount);
                }

                depth--;
                if (depth >= 0 && low[v] < low[callNode[depth]])
                {
                    low[callNode[depth]] = low[v];
                }
            }
        }

        return new StronglyConnected(componentOf, offsets.ToArray(), members);
    }
}
