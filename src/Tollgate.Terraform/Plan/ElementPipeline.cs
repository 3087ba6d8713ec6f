using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Hands captured JSON elements from the thread that reads the stream to one consumer thread, in order. Elements are
/// copied into batches of about a megabyte (pooled buffers, a bounded queue of batches), so the threads meet once per
/// batch, not once per element, and memory stays bounded however large the plan. A failure on either side stops both
/// and surfaces as the original exception.
/// </summary>
internal sealed class ElementPipeline(ElementPipeline.Consumer consume) : IDisposable
{
    private const int BatchBytes = 1 << 20;
    private const int QueuedBatches = 8;

    private readonly BlockingCollection<Batch> _queue = new(QueuedBatches);
    private readonly CancellationTokenSource _stop = new();
    private Batch _current = new(BatchBytes);
    private Exception? _consumerFailure;

    /// <summary>Gets an element's kind, its bytes and where it came from (<see cref="Post"/>'s <c>origin</c>).</summary>
    internal delegate void Consumer(ElementKind kind, ReadOnlySpan<byte> json, ElementOrigin origin);

    public void Post(ElementKind kind, ReadOnlySpan<byte> json, ElementOrigin origin)
    {
        if (!_current.TryAdd(kind, json, origin))
        {
            Flush();
            _current = new Batch(Math.Max(BatchBytes, json.Length));
            _current.TryAdd(kind, json, origin);
        }
    }

    /// <summary>Runs <paramref name="produce"/> on this thread while the consumer drains the queue on another.</summary>
    public void Run(Action produce)
    {
        var consumer = Task.Factory.StartNew(Drain, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            produce();
            Flush();
        }
        finally
        {
            _queue.CompleteAdding();
            consumer.Wait();
        }

        if (_consumerFailure is not null)
        {
            ExceptionDispatchInfo.Throw(_consumerFailure);
        }
    }

    private void Flush()
    {
        if (_current.Count == 0)
        {
            return;
        }

        try
        {
            _queue.Add(_current, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            _current.Dispose();
            ExceptionDispatchInfo.Throw(_consumerFailure!);
        }
    }

    private void Drain()
    {
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (_consumerFailure is null)
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        consume(batch.KindAt(i), batch.JsonAt(i), batch.OriginAt(i));
                    }
                }
            }
            catch (Exception e)
            {
                _consumerFailure = e;
                _stop.Cancel();
            }
            finally
            {
                batch.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _queue.Dispose();
        _stop.Dispose();
    }

    /// <summary>Elements laid end to end in one pooled buffer.</summary>
    private sealed class Batch(int capacity) : IDisposable
    {
        private readonly byte[] _bytes = ArrayPool<byte>.Shared.Rent(capacity);
        private readonly List<(ElementKind Kind, int Start, int Length, ElementOrigin Origin)> _items = new(256);
        private int _used;

        public int Count => _items.Count;

        public ElementKind KindAt(int index) => _items[index].Kind;

        public ReadOnlySpan<byte> JsonAt(int index) => _bytes.AsSpan(_items[index].Start, _items[index].Length);

        public ElementOrigin OriginAt(int index) => _items[index].Origin;

        public bool TryAdd(ElementKind kind, ReadOnlySpan<byte> json, ElementOrigin origin)
        {
            if (_used + json.Length > _bytes.Length)
            {
                return false;
            }

            json.CopyTo(_bytes.AsSpan(_used));
            _items.Add((kind, _used, json.Length, origin));
            _used += json.Length;
            return true;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_bytes);
    }
}
