namespace Tollgate.Terraform.Graph;

/// <summary>Whether one node reaches another over a fixed set of edges (those of a configuration, before the prior state's are added).</summary>
/// <param name="dependencies">Each node's dependencies; null for a node with none.</param>
internal sealed class ConfigReach(List<int>?[] dependencies)
{
    private readonly int[] _seen = new int[dependencies.Length];
    private readonly Stack<int> _pending = new();
    private int _round;

    /// <summary>
    /// True when a path of one or more edges leads from <paramref name="from"/> to <paramref name="to"/>: both nodes of
    /// the graph these edges were taken from (<see cref="GraphAssembler"/> asks only about declared addresses, each a node by then).
    /// </summary>
    public bool Reaches(int from, int to)
    {
        if (dependencies[from]?.Contains(to) == true)
        {
            return true;
        }

        _round++;
        _pending.Clear();
        _pending.Push(from);
        _seen[from] = _round;
        while (_pending.TryPop(out var node))
        {
            foreach (var next in dependencies[node] ?? [])
            {
                if (next == to)
                {
                    return true;
                }

                if (_seen[next] != _round)
                {
                    _seen[next] = _round;
                    _pending.Push(next);
                }
            }
        }

        return false;
    }
}
