using Tollgate.Terraform.Graph.Cycles;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The graph facts the rules and pictures share, each computed once on first use: components and cycles,
/// hubs, the critical path, and the blast radius of the changed nodes.
/// </summary>
public sealed class GraphAnalysis(GraphModel model, ChangeSet changes, GraphThresholds thresholds)
{
    private StronglyConnected? _components;
    private IReadOnlyList<ComponentCycles>? _cycles;
    private CriticalPath? _criticalPath;
    private BlastRadius? _blast;
    private IReadOnlyList<int>? _hubs;
    private BlastRadius? _hubReach;
    private int? _unheldDestroyed;

    public GraphModel Model { get; } = model;

    public DependencyGraph Graph => Model.Graph;

    public ChangeSet Changes { get; } = changes;

    public GraphThresholds Thresholds { get; } = thresholds;

    public StronglyConnected Components => _components ??= StronglyConnected.Of(Graph);

    /// <summary>How far the cycle listing goes (per component, in all, and its work budget).</summary>
    public CycleLimits CycleLimits { get; init; } = CycleLimits.Default;

    /// <summary>The elementary cycles of each cyclic component (Johnson's algorithm, capped by <see cref="CycleLimits"/>).</summary>
    public IReadOnlyList<ComponentCycles> CyclesByComponent => _cycles ??= ElementaryCycles.Of(Graph, Components, CycleLimits);

    /// <summary>Every listed cycle as a closed path (<c>[a, b, a]</c>), component by component.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Cycles => CyclesByComponent.SelectMany(c => c.Cycles).ToList();

    public CriticalPath CriticalPath => _criticalPath ??= CriticalPath.Of(Graph, Components, Thresholds.Parallelism);

    /// <summary>The changed nodes that exist in the graph, in the change set's order.</summary>
    public IReadOnlyList<int> ChangedNodes => Changes.Changed.Where(Holds).Select(Graph.IndexOf).ToList();

    /// <summary>
    /// True when the graph holds <paramref name="address"/> as a resource or data source: a module call with no
    /// resources in it, which <see cref="ChangeSet.Within"/> left as named, is not a change the graph can judge.
    /// </summary>
    public bool Holds(string address) => Graph.IndexOf(address) is var node and >= 0 && Graph.Kinds[node] != NodeKind.Module;

    /// <summary>
    /// How many resources the change counts against <c>maxChanged</c> (and <c>changed</c> in the summary). From a plan:
    /// the objects (instances) it changes, so a block with <c>count = 150</c> counts 150. From <c>--changed</c>: the
    /// blocks the graph holds. An address <c>--changed</c> names that the graph does not hold (<see cref="UnheldAddresses"/>)
    /// counts for nothing: a typo neither trips the limit nor fills it.
    /// </summary>
    public int ChangedCount => Changes.Objects?.Changed ?? ChangedNodes.Count + UnheldDestroyed;

    /// <summary>How many resources the change counts against <c>maxDestroyed</c>: objects from a plan, blocks otherwise.</summary>
    public int DestroyedCount => Changes.Objects?.Destroyed ?? Changes.Destroyed.Count;

    /// <summary>How many blocks (configuration addresses) the change touches, whatever their instances.</summary>
    public int ChangedBlocks => ChangedNodes.Count + UnheldDestroyed;

    /// <summary>
    /// How many resources the whole change can touch: the changed ones the graph holds with everything that depends on
    /// them (<see cref="BlastRadius.Touched"/>, in objects from a plan), and those a plan destroys that its configuration
    /// no longer holds, which nothing in the graph depends on any more but which change all the same. Never fewer than
    /// <see cref="ChangedCount"/>.
    /// </summary>
    public int TouchedCount => Math.Max(Blast.Touched + UnheldDestroyedObjects, ChangedCount);

    /// <summary>How many addresses the plan destroys that the graph does not hold (counted in both counts above).</summary>
    private int UnheldDestroyed => _unheldDestroyed ??= Changes.Destroyed.Count(d => !Holds(d));

    private int UnheldDestroyedObjects => Changes.Objects is { } objects
        ? Changes.Destroyed.Where(d => !Holds(d)).Sum(objects.Touched)
        : UnheldDestroyed;

    /// <summary>
    /// What <paramref name="node"/> counts as a dependent: its objects once the plan is applied (0 for a block the plan
    /// destroys entirely; a data source 1), or 1 per resource or data source without a plan.
    /// </summary>
    public int DependentWeight(int node) => Graph.Kinds[node] switch
    {
        NodeKind.Module => 0,
        NodeKind.Resource when Changes.Objects is { } objects => objects.After(Graph.Names[node]),
        _ => 1,
    };

    private int TouchedWeight(int node) => Graph.Kinds[node] switch
    {
        NodeKind.Module => 0,
        NodeKind.Resource when Changes.Objects is { } objects => objects.Touched(Graph.Names[node]),
        _ => 1,
    };

    /// <summary>The blast radius of the changed nodes, in objects when a plan gives them (<see cref="DependentWeight"/>).</summary>
    public BlastRadius Blast => _blast ??= BlastRadius.Of(Graph, Components, ChangedNodes, DependentWeight, TouchedWeight);

    /// <summary>Nodes with more direct dependents than the fan-out threshold, most first.</summary>
    public IReadOnlyList<int> Hubs => _hubs ??= Enumerable.Range(0, Graph.NodeCount)
        .Where(n => Dependents(n) > Thresholds.FanOut)
        .OrderByDescending(Dependents)
        .ThenBy(n => Graph.Names[n], StringComparer.Ordinal)
        .ToList();

    /// <summary>The transitive dependents of each hub (same order as <see cref="Hubs"/>).</summary>
    public BlastRadius HubReach => _hubReach ??= BlastRadius.Of(Graph, Components, Hubs);

    /// <summary>
    /// How many resources and data sources depend on <paramref name="node"/> directly (<see cref="DependentsOf"/>):
    /// never more than depend on it transitively.
    /// </summary>
    public int Dependents(int node)
    {
        var count = 0;
        foreach (var dependent in Graph.Dependents(node))
        {
            if (IsDependent(dependent))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The resources and data sources with an edge to <paramref name="node"/>. A module call node is not one: a module
    /// that contains the node depends on it only by containment, and one whose input reads it passes the value to the
    /// resources inside, which have the edge themselves and are counted instead.
    /// </summary>
    public IEnumerable<int> DependentsOf(int node)
    {
        foreach (var dependent in Graph.Dependents(node).ToArray())
        {
            if (IsDependent(dependent))
            {
                yield return dependent;
            }
        }
    }

    /// <summary>What <see cref="Dependents"/> counts and <see cref="DependentsOf"/> lists: a resource or data source.</summary>
    private bool IsDependent(int dependent) => Graph.Kinds[dependent] != NodeKind.Module;

    /// <summary>True when <paramref name="from"/> reaches <paramref name="to"/> over edges that have any of <paramref name="kinds"/>.</summary>
    public bool Reaches(int from, int to, EdgeKind kinds, (int From, int To)? except = null)
    {
        var seen = new HashSet<int> { from };
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            for (var e = Graph.OutOffsets[node]; e < Graph.OutOffsets[node + 1]; e++)
            {
                var next = Graph.OutTargets[e];
                if ((Graph.OutKinds[e] & kinds) == 0 || (except is { } x && x.From == node && x.To == next))
                {
                    continue;
                }

                if (next == to)
                {
                    return true;
                }

                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return false;
    }
}
