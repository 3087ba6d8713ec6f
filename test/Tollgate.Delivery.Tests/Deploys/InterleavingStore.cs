using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A real delivery store with another writer's work slipped in between a caller's steps, as a second <c>tollgate</c>
/// process writing to the same ledger would: <see cref="AfterRead"/> runs once, right after the next
/// <see cref="DeploysAsync"/> or <see cref="NewestRunningAsync"/> returns; <see cref="AfterRecord"/> once, right after the next <see cref="RecordAsync(IReadOnlyList{DeliveryEvent}, CancellationToken)"/>.
/// The other writer is given the inner store, so its own writes are not interleaved again. <see cref="FinishFault"/> and
/// <see cref="RecordFault"/>, when set, are thrown instead of writing, as a ledger that cannot be written (a full disk, a
/// PostgreSQL server restarted) fails a write; <see cref="ReadFault"/> likewise fails a read, as a ledger gone away does.
/// </summary>
internal sealed class InterleavingStore(IDeliveryStore inner) : IDeliveryStore
{
    public Func<IDeliveryStore, Task>? AfterRead { get; set; }

    public Func<IDeliveryStore, Task>? AfterRecord { get; set; }

    public Exception? FinishFault { get; set; }

    public Exception? RecordFault { get; set; }

    public Exception? ReadFault { get; set; }

    /// <summary>How many times a caller read the whole history of a service (<see cref="DeploysAsync"/>).</summary>
    public int HistoryReads { get; private set; }

    /// <summary>How many times a caller read the newest deploy started in a span (<see cref="NewestStartedAsync"/>), in a claim or not.</summary>
    public int NewestReads { get; private set; }

    /// <summary>The events callers recorded through <see cref="RecordAsync(IReadOnlyList{DeliveryEvent}, CancellationToken)"/>, in order.</summary>
    public List<DeliveryEvent> Recorded { get; } = [];

    public async Task<IReadOnlyList<Deploy>> DeploysAsync(string? service, string? environment, CancellationToken cancellationToken = default)
    {
        HistoryReads++;
        ThrowIfReadFails();
        var deploys = await inner.DeploysAsync(service, environment, cancellationToken);
        await Once(() => AfterRead, () => AfterRead = null);
        return deploys;
    }

    public async Task<Deploy?> NewestRunningAsync(string service, string environment, CancellationToken cancellationToken = default)
    {
        ThrowIfReadFails();
        var deploy = await inner.NewestRunningAsync(service, environment, cancellationToken);
        await Once(() => AfterRead, () => AfterRead = null);
        return deploy;
    }

    public Task<Deploy?> DeployAsync(string id, CancellationToken cancellationToken = default) =>
        ReadFault is { } fault ? Task.FromException<Deploy?>(fault) : inner.DeployAsync(id, cancellationToken);

    public Task<Deploy?> NewestStartedAsync(string service, string environment, DateTimeOffset after, DateTimeOffset by, CancellationToken cancellationToken = default)
    {
        NewestReads++;
        return ReadFault is { } fault ? Task.FromException<Deploy?>(fault) : inner.NewestStartedAsync(service, environment, after, by, cancellationToken);
    }

    public Task<IngestCounts> RecordCheckedAsync(IReadOnlyList<DeliveryEvent> events, Action<KnownNames> check, CancellationToken cancellationToken = default) =>
        inner.RecordCheckedAsync(events, check, cancellationToken);

    public async Task<IngestCounts> ClaimAsync(DeployEvent started, Func<CancellationToken, Task> check, Action<KnownNames>? names, CancellationToken cancellationToken = default)
    {
        if (RecordFault is { } fault)
        {
            throw fault;
        }

        var counts = await inner.ClaimAsync(started, check, names, cancellationToken);
        await Once(() => AfterRecord, () => AfterRecord = null);
        return counts;
    }

    public Task RecordDrillCheckedAsync(Drill drill, Action<KnownNames> check, CancellationToken cancellationToken = default) =>
        inner.RecordDrillCheckedAsync(drill, check, cancellationToken);

    public async Task<IngestCounts> RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken = default)
    {
        if (RecordFault is { } fault)
        {
            throw fault;
        }

        var counts = await inner.RecordAsync(events, cancellationToken);
        Recorded.AddRange(events);
        await Once(() => AfterRecord, () => AfterRecord = null);
        return counts;
    }

    public Task<IngestCounts> RecordAsync(IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, int expected, IngestStages? stages = null, CancellationToken cancellationToken = default) =>
        inner.RecordAsync(batches, expected, stages, cancellationToken);

    public Task<Deploy?> FinishAsync(Deploy deploy, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        FinishFault is { } fault ? Task.FromException<Deploy?>(fault) : inner.FinishAsync(deploy, result, at, cancellationToken);

    public Task<IReadOnlyList<Incident>> IncidentsAsync(string? service, CancellationToken cancellationToken = default) => inner.IncidentsAsync(service, cancellationToken);

    public Task<DoraFacts> DoraFactsAsync(string? service, DoraWindow window, CancellationToken cancellationToken = default) => inner.DoraFactsAsync(service, window, cancellationToken);

    public Task RecordDrillAsync(Drill drill, CancellationToken cancellationToken = default) => inner.RecordDrillAsync(drill, cancellationToken);

    public Task<IReadOnlyList<DeployTarget>> TargetsAsync(CancellationToken cancellationToken = default) => inner.TargetsAsync(cancellationToken);

    public Task<IReadOnlyList<Drill>> DrillsAsync(string? service, CancellationToken cancellationToken = default) => inner.DrillsAsync(service, cancellationToken);

    private void ThrowIfReadFails()
    {
        if (ReadFault is { } fault)
        {
            throw fault;
        }
    }

    private async Task Once(Func<Func<IDeliveryStore, Task>?> hook, Action clear)
    {
        if (hook() is { } write)
        {
            clear();
            await write(inner);
        }
    }
}
