namespace Tollgate.Terraform.Graph.Cycles;

/// <summary>
/// Tarjan's strongly connected components (https://doi.org/10.1137/0201010) over a subset of a small local graph
/// in compressed sparse rows, iterative. Used by <see cref="ElementaryCycles"/> after each start node is removed:
/// only the components that still hold a cycle (more than one node, or a self-loop) are returned.
/// </summary>
internal static class SubgraphComponents
{
    /// <summary>The cyclic components among the nodes <c>v</c> with <c>inSubset[v] == stamp</c>; adds every edge scanned to <paramref name="work"/>.</summary>
    public static List<List<int>> Cyclic(int[] offsets, int[] targets, IReadOnlyList<int> nodes, int[] inSubset, int stamp, ref long work)
    {
        var n = offsets.Length - 1;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var calls = new Stack<(int Node, int Edge)>();
        var found = new List<List<int>>();
        var next = 0;
        foreach (var root in nodes)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            Visit(root);
            while (calls.Count > 0)
            {
                var (v, edge) = calls.Pop();
                if (edge < offsets[v + 1])
                {
                    calls.Push((v, edge + 1));
                    work++;
                    var w = targets[edge];
                    if (inSubset[w] != stamp)
                    {
                        continue;
                    }

                    if (index[w] < 0)
                    {
                        Visit(w);
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }

                    continue;
                }

                if (low[v] == index[v])
                {
                    var component = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    }
                    while (w != v);
                    if (component.Count > 1 || HasSelfLoop(offsets, targets, v))
                    {
                        component.Sort();
                        found.Add(component);
                    }
                }

                if (calls.Count > 0)
                {
                    var parent = calls.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }

        return found;

        void Visit(int v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack[v] = true;
            calls.Push((v, offsets[v]));
        }
    }

    private static bool HasSelfLoop(int[] offsets, int[] targets, int v) =>
        Array.BinarySearch(targets, offsets[v], offsets[v + 1] - offsets[v], v) >= 0;
}
