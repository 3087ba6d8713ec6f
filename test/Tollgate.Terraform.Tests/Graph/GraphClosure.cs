using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>Compares graphs from different sources by what they order, not how they spell it.</summary>
internal static class GraphClosure
{
    /// <summary>Every (dependent, dependency) pair reachable between resources, as sorted strings.</summary>
    public static List<(string From, string To)> Of(DependencyGraph graph)
    {
        var pairs = new List<(string, string)>();
        for (var from = 0; from < graph.NodeCount; from++)
        {
            if (graph.Kinds[from] == NodeKind.Module)
            {
                continue;
            }

            var seen = new HashSet<int>();
            var stack = new Stack<int>([from]);
            while (stack.Count > 0)
            {
                foreach (var next in graph.Dependencies(stack.Pop()))
                {
                    if (seen.Add(next))
                    {
                        stack.Push(next);
                    }
                }
            }

            pairs.AddRange(seen.Where(n => graph.Kinds[n] != NodeKind.Module && n != from).Select(n => (graph.Names[from], graph.Names[n])));
        }

        return pairs.Order().ToList();
    }
}
