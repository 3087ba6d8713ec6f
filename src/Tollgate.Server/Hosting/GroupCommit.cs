using System.Threading.Channels;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Group commit for either ledger: verdicts of concurrent requests wait in a queue, and one writer records all that
/// are waiting in one transaction (one flush to disk for the lot; on SQLite in its turn on the connection, on
/// PostgreSQL in one round trip). Each request still answers only once its own verdict is durable; a failed batch
/// fails every request in it (never a verdict answered without its record).
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<(VerdictRow Row, TaskCompletionSource<long> Done)> _queue =
        Channel.CreateUnbounded<(VerdictRow, TaskCompletionSource<long>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<VerdictRow>, Task<IReadOnlyList<long>>> _recordAll;
    private readonly SemaphoreSlim? _turn;
    private readonly Task _writer;

    /// <param name="recordAll">Records a batch all or none (one transaction), returning the ids in order.</param>
    /// <param name="turn">The turn on a connection the batch must share with other calls (SQLite); null for none.</param>
    public GroupCommit(Func<IReadOnlyList<VerdictRow>, Task<IReadOnlyList<long>>> recordAll, SemaphoreSlim? turn)
    {
        _recordAll = recordAll;
        _turn = turn;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Batches recorded so far, and verdicts in them: how much grouping the load gave (for tests and metrics).</summary>
    public (long Batches, long Verdicts) Recorded => (Interlocked.Read(ref _batches), Interlocked.Read(ref _verdicts));

    private long _batches;
    private long _verdicts;

    public async Task<long> RecordAsync(VerdictRow row, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((row, done), cancellationToken);
        return await done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(VerdictRow Row, TaskCompletionSource<long> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (_turn is not null)
            {
                await _turn.WaitAsync();
            }

            try
            {
                var ids = await _recordAll([.. batch.Select(b => b.Row)]);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _verdicts, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(ids[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(e);
                }
            }
            finally
            {
                _turn?.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
