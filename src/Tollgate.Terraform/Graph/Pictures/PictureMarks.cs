namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>The marks of every node and the edges on a cycle, shared by the DOT and HTML pictures.</summary>
public sealed class PictureMarks
{
    private PictureMarks(NodeMarks[] nodes, HashSet<(int, int)> cycleEdges)
    {
        Nodes = nodes;
        CycleEdges = cycleEdges;
    }

    public NodeMarks[] Nodes { get; }

    public HashSet<(int From, int To)> CycleEdges { get; }

    public static PictureMarks Of(GraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        var marks = new NodeMarks[graph.NodeCount];
        foreach (var hub in analysis.Hubs)
        {
            marks[hub] |= NodeMarks.Hub;
        }

        foreach (var changed in analysis.ChangedNodes)
        {
            marks[changed] |= analysis.Changes.Destroyed.Contains(graph.Names[changed]) ? NodeMarks.Destroyed : NodeMarks.Changed;
        }

        var cycleEdges = new HashSet<(int, int)>();
        foreach (var component in analysis.Components.Cycles(graph))
        {
            foreach (var node in analysis.Components.MembersOf(component))
            {
                marks[node] |= NodeMarks.Cycle;
                foreach (var dependency in graph.Dependencies(node))
                {
                    if (analysis.Components.ComponentOf[dependency] == component)
                    {
                        cycleEdges.Add((node, dependency));
                    }
                }
            }
        }

        return new PictureMarks(marks, cycleEdges);
    }
}
