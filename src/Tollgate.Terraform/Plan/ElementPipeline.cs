using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Hands captured JSON elements from the thread that reads the stream to one consumer thread, in order, through a
/// bounded queue of pooled buffers (memory stays bounded however large the plan). A failure on either side stops
/// both and surfaces as the original exception.
/// </summary>
internal sealed class ElementPipeline(ElementPipeline.Consumer consume) : IDisposable
{
    private const int Capacity = 512;

    private readonly BlockingCollection<(ElementKind Kind, byte[] Buffer, int Length)> _queue = new(Capacity);
    private readonly CancellationTokenSource _stop = new();
    private Exception? _consumerFailure;

    internal delegate void Consumer(ElementKind kind, ReadOnlySpan<byte> json);

    public void Post(ElementKind kind, ReadOnlySpan<byte> json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(json.Length);
        json.CopyTo(buffer);
        try
        {
            _queue.Add((kind, buffer, json.Length), _stop.Token);
        }
        catch (OperationCanceledException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ExceptionDispatchInfo.Throw(_consumerFailure!);
        }
    }

    /// <summary>Runs <paramref name="produce"/> on this thread while the consumer drains the queue on another.</summary>
    public void Run(Action produce)
    {
        var consumer = Task.Factory.StartNew(Drain, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            produce();
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

    private void Drain()
    {
        foreach (var (kind, buffer, length) in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (_consumerFailure is null)
                {
                    consume(kind, buffer.AsSpan(0, length));
                }
            }
            catch (Exception e)
            {
                _consumerFailure = e;
                _stop.Cancel();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public void Dispose()
    {
        _queue.Dispose();
        _stop.Dispose();
    }
}
