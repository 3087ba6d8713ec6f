using System.Threading.Channels;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Group commit for event bodies on PostgreSQL, as <see cref="GroupCommit"/> is for verdicts: the bodies of concurrent
/// <c>POST /api/v1/events</c> requests wait in a queue, and one writer records all that are waiting in one transaction
/// (one turn of the delivery writers' lock, one commit). Each request answers only once its own body is durable. A
/// batch that fails (a bad event in one body records none) is written again body by body, so each request gets its
/// own answer: the bad body is refused alone and the others are recorded, each once. Once the host stops
/// (<paramref name="stopping"/>), the write under way is cancelled (its transaction rolled back) and it and every body
/// still waiting answer "shutting down, nothing recorded" (503), so a stop never waits on a hung write.
/// </summary>
internal sealed class EventGroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 64;

    private readonly Channel<(IReadOnlyList<DeliveryEvent> Events, TaskCompletionSource<(IReadOnlyList<DeployTarget> Before, IngestCounts Counts)> Done)> _queue =
        Channel.CreateUnbounded<(IReadOnlyList<DeliveryEvent>, TaskCompletionSource<(IReadOnlyList<DeployTarget>, IngestCounts)>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<IReadOnlyList<DeliveryEvent>>, CancellationToken, Task<GroupedIngestCounts>> _recordAll;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenRegistration _onStop;
    private readonly Task _writer;

    private long _batches;
    private long _bodies;

    /// <param name="recordAll">Records the bodies all or none (one transaction), answering each one's counts in order; cancelled by <paramref name="stopping"/>.</param>
    /// <param name="stopping">The host's stopping: no body is written after it.</param>
    public EventGroupCommit(Func<IReadOnlyList<IReadOnlyList<DeliveryEvent>>, CancellationToken, Task<GroupedIngestCounts>> recordAll, CancellationToken stopping)
    {
        _recordAll = recordAll;
        _stopping = stopping;
        _onStop = stopping.Register(() => _queue.Writer.TryComplete());
        _writer = Task.Run(WriteAsync, CancellationToken.None); // the writer ends when the queue does, answering every body it took
    }

    /// <summary>Transactions committed so far, and bodies in them: how much grouping the load gave (for tests).</summary>
    public (long Batches, long Bodies) Recorded => (Interlocked.Read(ref _batches), Interlocked.Read(ref _bodies));

    /// <summary>Bodies queued and not yet taken into a write (for tests).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    private int _waiting;

    /// <summary>
    /// The deploy targets the ledger held before this body, and what recording it did, once it is durable. A request
    /// aborted before its body is queued queues nothing; once queued, the body is written whatever the request does.
    /// </summary>
    public async Task<(IReadOnlyList<DeployTarget> Before, IngestCounts Counts)> RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<(IReadOnlyList<DeployTarget>, IngestCounts)>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _waiting);
        if (!_queue.Writer.TryWrite((events, done)))
        {
            Interlocked.Decrement(ref _waiting);
            throw ShuttingDown();
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The server is stopping (the queue is closed, or the write was cut): nothing recorded, as a ledger that cannot be written says.</summary>
    private static InvalidInputException ShuttingDown() =>
        new("cannot record events: the server is shutting down; nothing was recorded: send them again") { LedgerFault = true };

    private async Task WriteAsync()
    {
        var batch = new List<(IReadOnlyList<DeliveryEvent> Events, TaskCompletionSource<(IReadOnlyList<DeployTarget>, IngestCounts)> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _waiting);
                batch.Add(item);
            }

            if (await TryRecordAsync(batch) is { } failure && batch.Count > 1)
            {
                if (failure is not InvalidInputException { LedgerFault: false, ToolFault: false })
                {
                    // the ledger itself failed (down, unreadable) or the server stops: every body's answer is that, not one more try each
                    foreach (var item in batch)
                    {
                        item.Done.TrySetException(failure);
                    }

                    continue;
                }

                // one body's bad event fails the whole transaction: each body again on its own, for its own answer
                foreach (var item in batch)
                {
                    await TryRecordAsync([item]);
                }
            }
        }
    }

    /// <summary>Records the bodies in one transaction and answers each; the failure (nothing answered yet) when it failed, unless it held one body (answered with it).</summary>
    private async Task<Exception?> TryRecordAsync(List<(IReadOnlyList<DeliveryEvent> Events, TaskCompletionSource<(IReadOnlyList<DeployTarget>, IngestCounts)> Done)> batch)
    {
        try
        {
            _stopping.ThrowIfCancellationRequested(); // bodies still waiting when the host stops are not written
            var recorded = await _recordAll([.. batch.Select(b => b.Events)], _stopping);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _bodies, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult((recorded.Before[i], recorded.Counts[i]));
            }

            return null;
        }
        catch (Exception e)
        {
            // a write the stop cut is rolled back (cancelled before its commit): nothing of it recorded
            var failure = e is OperationCanceledException && _stopping.IsCancellationRequested ? ShuttingDown() : e;
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetException(failure);
            }

            return failure;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _onStop.DisposeAsync();
    }
}
