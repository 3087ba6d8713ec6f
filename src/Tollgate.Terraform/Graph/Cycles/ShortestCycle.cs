namespace Tollgate.Terraform.Graph.Cycles;

/// <summary>
/// A shortest cycle through the first member of a component, by breadth-first search over its local rows: what a
/// component lists when <see cref="ElementaryCycles"/> listed nothing (its budget ran out, or every cycle it found
/// was over the length limit).
/// </summary>
internal static class ShortestCycle
{
    /// <summary>A shortest cycle through local node 0, as a closed path of the members' graph indices.</summary>
    public static int[] ThroughFirst(int[] offsets, int[] targets, int[] members)
    {
        var parent = new int[members.Length];
        Array.Fill(parent, -2);
        parent[0] = -1;
        var queue = new Queue<int>([0]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            for (var e = offsets[v]; e < offsets[v + 1]; e++)
            {
                var w = targets[e];
                if (w == 0)
                {
                    var path = new List<int> { members[0] };
                    for (var x = v; x != -1; x = parent[x])
                    {
                        path.Add(members[x]);
                    }

                    path.Reverse();
                    return path.ToArray();
                }

                if (parent[w] == -2)
                {
                    parent[w] = v;
                    queue.Enqueue(w);
                }
            }
        }

        return [members[0]];
    }
}
