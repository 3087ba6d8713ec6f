using System.Threading.Channels;
using Tollgate.Domain;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Group commit for either ledger, of verdicts or of event bodies: the items of concurrent requests wait in a queue,
/// and one writer records all that are waiting in one transaction (one flush to disk for the lot; on SQLite in its
/// <c>turn</c> on the connection). Each request answers only once its own item is durable. A request aborted before
/// its item is queued queues nothing; once queued, the item is written whatever the request does.
/// <para>
/// A failed batch fails every item in it with that failure (never an answer without its record), unless
/// <c>retryEach</c> says the failure is one item's own (a bad event records none of its transaction): then each item
/// is written again on its own, for its own answer. Once <c>stopping</c> fires, the write under way is cancelled (rolled
/// back: the write never cancels its commit) and it and every item still waiting answer <c>shuttingDown</c>, so a stop
/// never waits on a hung write.
/// </para>
/// </summary>
internal sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _queue =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _writeAll;
    private readonly int _maxBatch;
    private readonly SemaphoreSlim? _turn;
    private readonly Func<Exception, bool> _retryEach;
    private readonly string _shuttingDown;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenRegistration _onStop;
    private readonly Task _writer;

    private long _batches;
    private long _items;
    private int _waiting;
    private int _writing;

    /// <param name="writeAll">Records the items all or none (one transaction), answering each one's result in order; cancelled by <paramref name="stopping"/>.</param>
    /// <param name="maxBatch">Items in one transaction at most.</param>
    /// <param name="turn">The turn on a connection the batch must share with other calls (SQLite); null for none.</param>
    /// <param name="retryEach">Whether a batch's failure is one item's own, so each item is written again alone.</param>
    /// <param name="shuttingDown">The answer of an item the stop kept from being recorded (a ledger fault: 503).</param>
    /// <param name="stopping">The host's stopping: no item is written after it.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> writeAll, int maxBatch, SemaphoreSlim? turn,
        Func<Exception, bool> retryEach, string shuttingDown, CancellationToken stopping)
    {
        _writeAll = writeAll;
        _maxBatch = maxBatch;
        _turn = turn;
        _retryEach = retryEach;
        _shuttingDown = shuttingDown;
        _stopping = stopping;
        _onStop = stopping.Register(() => _queue.Writer.TryComplete());
        _writer = Task.Run(WriteAsync, CancellationToken.None); // the writer ends when the queue does, answering every item it took
    }

    /// <summary>Transactions committed so far, and the items in them: how much grouping the load gave (for <c>/metrics</c>).</summary>
    public (long Batches, long Items) Recorded => (Interlocked.Read(ref _batches), Interlocked.Read(ref _items));

    /// <summary>Items queued and not yet taken into a write (for <c>/metrics</c>).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Items taken into the write under way (its transaction not yet ended); 0 between writes (for <c>/metrics</c>).</summary>
    public int Writing => Volatile.Read(ref _writing);

    /// <summary>The item's result once it is durable.</summary>
    public async Task<TResult> RecordAsync(TItem item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _waiting);
        if (!_queue.Writer.TryWrite((item, done)))
        {
            Interlocked.Decrement(ref _waiting);
            throw ShuttingDown();
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The server is stopping (the queue is closed, or the write was cut): nothing recorded, as a ledger that cannot be written says.</summary>
    private InvalidInputException ShuttingDown() => new(_shuttingDown) { LedgerFault = true };

    private async Task WriteAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _waiting);
                batch.Add(item);
            }

            if (await TryRecordAsync(batch) is not { } failure || batch.Count == 1)
            {
                continue;
            }

            if (!_retryEach(failure))
            {
                // the ledger itself failed (down, unreadable) or the server stops: every item's answer is that, not one more try each
                foreach (var item in batch)
                {
                    item.Done.TrySetException(failure);
                }

                continue;
            }

            // one item's own fault fails the whole transaction: each item again on its own, for its own answer
            foreach (var item in batch)
            {
                await TryRecordAsync([item]);
            }
        }
    }

    /// <summary>Records the items in one transaction and answers each; the failure (nothing answered yet) when it failed, unless it held one item (answered with it).</summary>
    private async Task<Exception?> TryRecordAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch)
    {
        var turned = false;
        try
        {
            _stopping.ThrowIfCancellationRequested(); // items still waiting when the host stops are not written
            if (_turn is not null)
            {
                await _turn.WaitAsync(_stopping);
                turned = true;
            }

            Volatile.Write(ref _writing, batch.Count);
            var results = await _writeAll([.. batch.Select(b => b.Item)], _stopping);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _items, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
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
        finally
        {
            Volatile.Write(ref _writing, 0);
            if (turned)
            {
                _turn!.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _onStop.DisposeAsync();
    }
}
