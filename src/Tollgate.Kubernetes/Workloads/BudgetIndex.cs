namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// Which PodDisruptionBudgets select which workloads' pods, matched once for all rules. A budget is looked up by a
/// label its selector requires (<c>app=web</c>) among those of the workload's pods in the same namespace, so a
/// namespace of 5,000 workloads and 5,000 budgets is 5,000 lookups rather than 25 million matches; a budget that
/// requires no one label (an empty selector, only <c>NotIn</c> or <c>Exists</c> requirements) is matched against each
/// workload of its namespace. It is given only the budgets the API server takes
/// (<see cref="ManifestSet.Applied"/>).
/// </summary>
internal sealed class BudgetIndex
{
    private readonly Dictionary<Workload, List<DisruptionBudget>> _byWorkload = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<DisruptionBudget, List<Workload>> _byBudget = new(ReferenceEqualityComparer.Instance);

    public BudgetIndex(IReadOnlyList<Workload> workloads, IEnumerable<DisruptionBudget> budgets)
    {
        var order = new Dictionary<DisruptionBudget, int>(ReferenceEqualityComparer.Instance);
        var byLabel = new Dictionary<(string Namespace, string Key, string Value), List<DisruptionBudget>>();
        var scanned = new Dictionary<string, List<DisruptionBudget>>(StringComparer.Ordinal);
        foreach (var budget in budgets)
        {
            order[budget] = order.Count;
            var space = budget.Source.Namespace;
            var list = budget.Selector.RequiredLabel is { } label
                ? byLabel.TryGetValue((space, label.Key, label.Value), out var l) ? l : byLabel[(space, label.Key, label.Value)] = []
                : scanned.TryGetValue(space, out var s) ? s : scanned[space] = [];
            list.Add(budget);
        }

        foreach (var workload in workloads.Where(w => w.Template is not null))
        {
            var candidates = scanned.TryGetValue(workload.Namespace, out var all) ? new List<DisruptionBudget>(all) : [];
            foreach (var (key, value) in workload.PodLabels)
            {
                if (byLabel.TryGetValue((workload.Namespace, key, value), out var labelled))
                {
                    candidates.AddRange(labelled);
                }
            }

            Matched += candidates.Count;
            var covering = candidates.Where(b => b.Covers(workload)).OrderBy(b => order[b]).ToList();
            _byWorkload[workload] = covering;
            foreach (var budget in covering)
            {
                (_byBudget.TryGetValue(budget, out var covered) ? covered : _byBudget[budget] = []).Add(workload);
            }
        }
    }

    /// <summary>How many budget selectors were matched against a workload's pod labels: the work the index saves, counted for its test.</summary>
    internal int Matched { get; }

    /// <summary>The budgets that select <paramref name="workload"/>'s pods, in the order of the inputs.</summary>
    public IReadOnlyList<DisruptionBudget> Of(Workload workload) => _byWorkload.TryGetValue(workload, out var budgets) ? budgets : [];

    /// <summary>The workloads whose pods <paramref name="budget"/> selects, in the order of the inputs.</summary>
    public IReadOnlyList<Workload> CoveredBy(DisruptionBudget budget) => _byBudget.TryGetValue(budget, out var workloads) ? workloads : [];
}
