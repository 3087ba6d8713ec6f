using System.Threading.Channels;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Group commit for the SQLite ledger: verdicts of concurrent requests wait in a queue, and one writer records all
/// that are waiting in one transaction (one flush to disk for the lot) in its turn on the connection. Each request
/// still answers only once its own verdict is durable; a failed batch fails every request in it (never a verdict
/// answered without its record).
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<(Report Report, TaskCompletionSource<long> Done)> _queue =
        Channel.CreateUnbounded<(Report, TaskCompletionSource<long>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly SqliteLedger _ledger;
    private readonly SemaphoreSlim _turn;
    private readonly Task _writer;

    public GroupCommit(SqliteLedger ledger, SemaphoreSlim turn)
    {
        _ledger = ledger;
        _turn = turn;
        _writer = Task.Run(WriteAsync);
    }

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((report, done), cancellationToken);
        return await done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(Report Report, TaskCompletionSource<long> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await _turn.WaitAsync();
            try
            {
                var ids = await _ledger.RecordAllAsync([.. batch.Select(b => b.Report)]);
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
                _turn.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
