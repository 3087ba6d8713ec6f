using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Tests.Graph;

public sealed class GraphAlgorithmTests
{
    private static DependencyGraph Build(int nodes, params (int From, int To)[] edges)
    {
        var builder = new GraphBuilder();
        for (var i = 0; i < nodes; i++)
        {
            builder.Node($"terraform_data.n{i}");
        }

        foreach (var (from, to) in edges)
        {
            builder.Edge(from, to, EdgeKind.Reference);
        }

        return builder.Build();
    }

    [Fact]
    public void StronglyConnected_TwoCyclesAndATail_FindsExactlyTheCycles()
    {
        var graph = Build(6, (0, 1), (1, 2), (2, 0), (3, 4), (4, 3), (5, 0), (5, 5));

        var components = StronglyConnected.Of(graph);
        var cycles = components.Cycles(graph).Select(c => components.MembersOf(c).ToArray().Order().ToArray()).OrderBy(c => c[0]).ToList();

        cycles.Count.ShouldBe(3);
        cycles[0].ShouldBe([0, 1, 2]);
        cycles[1].ShouldBe([3, 4]);
        cycles[2].ShouldBe([5], "a self-loop is a cycle");
    }

    [Fact]
    public void StronglyConnected_LongChain_DoesNotOverflowTheStack()
    {
        var edges = Enumerable.Range(0, 199_999).Select(i => (i, i + 1)).ToArray();
        var graph = Build(200_000, edges);

        var components = StronglyConnected.Of(graph);

        components.Count.ShouldBe(200_000);
        components.ComponentOf[199_999].ShouldBeLessThan(components.ComponentOf[0], "dependencies complete first");
    }

    [Fact]
    public void BlastRadius_RandomGraph_MatchesOneSearchPerChangedNode()
    {
        var random = new Random(42);
        var edges = Enumerable.Range(0, 3000).Select(_ => (random.Next(500), random.Next(500))).ToArray();
        var graph = Build(500, edges);
        var changed = Enumerable.Range(0, 70).Select(_ => random.Next(500)).Distinct().ToList();

        var blast = BlastRadius.Of(graph, StronglyConnected.Of(graph), changed);

        for (var i = 0; i < changed.Count; i++)
        {
            var expected = Dependents(graph, changed[i]);
            blast.Sizes[i].ShouldBe(expected.Count, $"changed node {changed[i]}");
            blast.DependentsOf(i).Order().ShouldBe(expected.Order());
        }

        blast.Touched.ShouldBe(changed.SelectMany(c => Dependents(graph, c).Append(c)).Distinct().Count());
    }

    [Fact]
    public void CriticalPath_HubWith150Dependents_TakesOnePlusFifteenStepsAtParallelismTen()
    {
        var graph = Build(151, Enumerable.Range(1, 150).Select(i => (i, 0)).ToArray());

        var path = CriticalPath.Of(graph, StronglyConnected.Of(graph), 10);

        path.Path.Count.ShouldBe(2);
        path.Steps.ShouldBe(16);
        path.Operations.ShouldBe(151);
    }

    [Fact]
    public void CriticalPath_Chain_IsTheWholeChainWhateverTheParallelism()
    {
        var graph = Build(5, (4, 3), (3, 2), (2, 1), (1, 0));

        var path = CriticalPath.Of(graph, StronglyConnected.Of(graph), 10);

        path.Path.Select(n => graph.Names[n]).ShouldBe(["terraform_data.n4", "terraform_data.n3", "terraform_data.n2", "terraform_data.n1", "terraform_data.n0"]);
        path.Steps.ShouldBe(5);
    }

    [Fact]
    public void Build_DuplicateEdges_MergeTheirReasons()
    {
        var builder = new GraphBuilder();
        var a = builder.Node("terraform_data.a");
        var b = builder.Node("module.m.data.x.y");
        builder.Edge(a, b, EdgeKind.Reference);
        builder.Edge(a, b, EdgeKind.DependsOn);

        var graph = builder.Build();

        graph.EdgeCount.ShouldBe(1);
        graph.KindOf(a, b).ShouldBe(EdgeKind.Reference | EdgeKind.DependsOn);
        graph.Kinds[b].ShouldBe(NodeKind.Data);
        graph.Modules[b].ShouldBe("module.m");
        graph.Dependents(b).ToArray().ShouldBe([a]);
    }

    private static List<int> Dependents(DependencyGraph graph, int node)
    {
        var seen = new HashSet<int> { node };
        var stack = new Stack<int>([node]);
        while (stack.Count > 0)
        {
            foreach (var dependent in graph.Dependents(stack.Pop()))
            {
                if (seen.Add(dependent))
                {
                    stack.Push(dependent);
                }
            }
        }

        seen.Remove(node);
        return seen.ToList();
    }
}
