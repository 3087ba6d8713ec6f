using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Cycles;

namespace Tollgate.Terraform.Tests.Graph;

public sealed class ElementaryCyclesTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 20)]
    [InlineData(5, 84)]
    public void Of_CompleteDigraph_ListsEverySubsetInEveryCyclicOrder(int nodes, int expected)
    {
        // A complete digraph on n nodes has sum over k = 2..n of C(n, k) (k - 1)! elementary cycles: 1, 5, 20, 84.
        var graph = Complete(nodes);

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph)).ShouldHaveSingleItem();

        listed.Listing.ShouldBe(CycleListing.Complete);
        listed.Cycles.Count.ShouldBe(expected);
        listed.Cycles.Select(Key).Distinct().Count().ShouldBe(expected, "no cycle is listed twice");
        listed.Cycles.ShouldAllBe(c => c[0] == c[c.Count - 1] && c.Count - 1 == c.Distinct().Count());
    }

    [Fact]
    public void Of_TwoCyclesThroughOneNodeAndASelfLoop_ListsEachShortestFirst()
    {
        // n0 → n1 → n0, n0 → n2 → n0, and n3 → n3 alone; n4 only depends on the first component.
        var graph = Build(5, (0, 1), (1, 0), (0, 2), (2, 0), (3, 3), (4, 0));

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph));

        listed.Count.ShouldBe(2);
        var paths = listed.SelectMany(l => l.Cycles).Select(c => string.Join(" ", c)).Order().ToList();
        paths.ShouldBe(["0 1 0", "0 2 0", "3 3"]);
        listed.ShouldAllBe(l => l.Listing == CycleListing.Complete);
    }

    [Fact]
    public void Of_RingOf100000Nodes_IsOneCycleWithoutDeepRecursion()
    {
        var edges = Enumerable.Range(0, 100_000).Select(i => (i, (i + 1) % 100_000)).ToArray();
        var graph = Build(100_000, edges);

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph)).ShouldHaveSingleItem();

        listed.Cycles.ShouldHaveSingleItem().Count.ShouldBe(100_001);
        listed.Listing.ShouldBe(CycleListing.Complete);
    }

    [Fact]
    public void Of_RandomSmallGraphs_MatchesACountByBruteForce()
    {
        var random = new Random(7);
        var total = 0;
        for (var round = 0; round < 30; round++)
        {
            var edges = Enumerable.Range(0, 18).Select(_ => (random.Next(7), random.Next(7))).Distinct().ToArray();
            var graph = Build(7, edges);

            var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph), new CycleLimits(PerComponent: 10_000));

            var expected = BruteForceCount(edges, 7);
            listed.Sum(l => l.Cycles.Count).ShouldBe(expected, string.Join(",", edges));
            total += expected;
        }

        total.ShouldBeGreaterThan(60, "the random graphs hold cycles to count");
    }

    [Fact]
    public void Of_DenseComponentOverTheCap_ListsTheCapAndSaysMoreExist()
    {
        var graph = Complete(6); // 409 elementary cycles

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph), new CycleLimits(PerComponent: 100)).ShouldHaveSingleItem();

        listed.Listing.ShouldBe(CycleListing.MoreExist);
        listed.Cycles.Count.ShouldBe(100);
        listed.Cycles.Select(Key).Distinct().Count().ShouldBe(100);
    }

    [Fact]
    public void Of_TotalCapSpent_LeavesEveryLaterComponentOneCycle()
    {
        // Two separate complete digraphs on 4 nodes (20 cycles each) and a 2-cycle, with a total of 25.
        var edges = CompleteEdges(4, 0).Concat(CompleteEdges(4, 4)).Append((8, 9)).Append((9, 8)).ToArray();
        var graph = Build(10, edges);

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph), new CycleLimits(PerComponent: 100, Total: 25));

        listed.Count.ShouldBe(3);
        listed.Sum(l => l.Cycles.Count).ShouldBe(20 + 5 + 1);
        listed.Count(l => l.Listing == CycleListing.MoreExist).ShouldBe(1);
        listed.Count(l => l.Listing == CycleListing.Complete).ShouldBe(2, "the first complete digraph and the 2-cycle");
    }

    [Fact]
    public void Of_CycleOverTheLengthLimit_IsNotListedButSaysMoreExist()
    {
        // A ring of 10 with a chord n1 → n0: the 2-cycle is listed, the 10-cycle is over a limit of 5.
        var ring = Enumerable.Range(0, 10).Select(i => (i, (i + 1) % 10)).Append((1, 0)).ToArray();
        var graph = Build(10, ring);

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph), new CycleLimits(MaxLength: 5)).ShouldHaveSingleItem();

        listed.Cycles.Select(Key).ShouldBe(["0 1 0"]);
        listed.Listing.ShouldBe(CycleListing.MoreExist);
    }

    [Fact]
    public void Of_LongRingOverTheLengthLimit_IsStillListedAsTheOnlyCycle()
    {
        var graph = Build(10, Enumerable.Range(0, 10).Select(i => (i, (i + 1) % 10)).ToArray());

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph), new CycleLimits(MaxLength: 5)).ShouldHaveSingleItem();

        listed.Cycles.ShouldHaveSingleItem().Count.ShouldBe(11);
        listed.Listing.ShouldBe(CycleListing.Complete);
    }

    [Fact]
    public void Of_WorkBudgetSpent_StopsAndStillNamesOneCycle()
    {
        var graph = Complete(7);

        var listed = ElementaryCycles.Of(graph, StronglyConnected.Of(graph), new CycleLimits(PerComponent: 10_000, Work: 3)).ShouldHaveSingleItem();

        listed.Listing.ShouldBe(CycleListing.Stopped);
        listed.Cycles.ShouldHaveSingleItem().Count.ShouldBe(3, "the fallback is a shortest cycle through the first member");
    }

    private static string Key(IReadOnlyList<int> cycle) => string.Join(" ", cycle);

    private static DependencyGraph Complete(int nodes) => Build(nodes, CompleteEdges(nodes, 0).ToArray());

    private static IEnumerable<(int, int)> CompleteEdges(int nodes, int first) =>
        from a in Enumerable.Range(first, nodes)
        from b in Enumerable.Range(first, nodes)
        where a != b
        select (a, b);

    private static DependencyGraph Build(int nodes, params (int From, int To)[] edges)
    {
        var builder = new GraphBuilder();
        for (var i = 0; i < nodes; i++)
        {
            builder.Node($"terraform_data.n{i:D6}");
        }

        foreach (var (from, to) in edges)
        {
            builder.Edge(from, to, EdgeKind.Reference);
        }

        return builder.Build();
    }

    /// <summary>Each cycle counted once, from its least node: simple paths through greater nodes that close on it.</summary>
    private static int BruteForceCount((int From, int To)[] edges, int nodes)
    {
        var next = Enumerable.Range(0, nodes).Select(v => edges.Where(e => e.From == v).Select(e => e.To).Distinct().ToList()).ToList();
        var count = 0;
        for (var start = 0; start < nodes; start++)
        {
            count += Paths(start, start, [start]);
        }

        return count;

        int Paths(int start, int at, HashSet<int> seen)
        {
            var found = 0;
            foreach (var w in next[at])
            {
                if (w == start)
                {
                    found++;
                }
                else if (w > start && seen.Add(w))
                {
                    found += Paths(start, w, seen);
                    seen.Remove(w);
                }
            }

            return found;
        }
    }
}
