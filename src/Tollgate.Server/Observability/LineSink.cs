using System.Buffers;

namespace Tollgate.Server.Observability;

/// <summary>
/// Where the server's log lines go: callers append whole lines to a buffer and one writer thread writes what has
/// gathered every <see cref="Interval"/> (or at once when much has), so a decision's line costs a copy, not a write
/// to the file and a thread woken per line. A caller waits only when <see cref="MaxPending"/> bytes are unwritten
/// (the output cannot keep up). Disposing writes the rest: no line is dropped.
/// </summary>
internal sealed class LineSink : IDisposable
{
    /// <summary>How long a line may wait to be written.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Unwritten bytes past which the writer is woken early, and callers wait at twice this.</summary>
    public const int MaxPending = 1 << 20;

    private readonly Stream _output;
    private readonly object _gate = new();
    private readonly Thread _writer;
    private ArrayBufferWriter<byte> _pending = new(1 << 16);
    private ArrayBufferWriter<byte> _spare = new(1 << 16);
    private bool _stopping;

    public LineSink(Stream output)
    {
        _output = output;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "tollgate log lines" };
        _writer.Start();
    }

    /// <summary>Appends one or more whole lines (UTF-8, each ending in <c>\n</c>).</summary>
    public void Append(ReadOnlySpan<byte> lines)
    {
        lock (_gate)
        {
            while (_pending.WrittenCount >= 2 * MaxPending && !_stopping)
            {
                Monitor.Wait(_gate);
            }

            _pending.Write(lines);
            if (_pending.WrittenCount >= MaxPending)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            bool last;
            lock (_gate)
            {
                if (!_stopping && _pending.WrittenCount < MaxPending)
                {
                    Monitor.Wait(_gate, Interval);
                }

                last = _stopping;
                batch = _pending;
                _pending = _spare;
                Monitor.PulseAll(_gate);
            }

            if (batch.WrittenCount > 0)
            {
                try
                {
                    _output.Write(batch.WrittenSpan);
                    _output.Flush();
                }
                catch (IOException)
                {
                    // Standard output closed (a pipe whose reader left): the lines have nowhere to go; serving goes on.
                }
            }

            batch.ResetWrittenCount();
            lock (_gate)
            {
                _spare = batch;
            }

            if (last)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _writer.Join();
    }
}
