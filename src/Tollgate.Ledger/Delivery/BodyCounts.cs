using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// What a grouped write learns of each body as it writes them in one transaction: the deploy targets before it
/// (<see cref="BatchTargets"/>) and its own counts, the writer's running totals less those before it.
/// </summary>
internal sealed class BodyCounts(int bodies)
{
    private readonly List<IReadOnlyList<DeployTarget>> _before = new(bodies);
    private readonly List<IngestCounts> _each = new(bodies);
    private BatchTargets? _known;
    private IngestCounts _counted = new(0, 0, 0);

    /// <summary>The ledger's targets, read under the write lock before the first body.</summary>
    public void Start(IReadOnlyList<DeployTarget> ledger) => _known = new BatchTargets(ledger);

    public void Before(IReadOnlyList<DeliveryEvent> body) =>
        _before.Add((_known ?? throw new InvalidOperationException("the ledger's targets are read before the first body")).Add(body));

    /// <summary>The writer's totals once <paramref name="now"/> the body is written (its groups ended).</summary>
    public void After(IngestCounts now)
    {
        _each.Add(new IngestCounts(now.Recorded - _counted.Recorded, now.Duplicates - _counted.Duplicates, now.Unmatched - _counted.Unmatched));
        _counted = now;
    }

    public GroupedIngestCounts Counts() => new(_before, _each);
}
