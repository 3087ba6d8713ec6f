using System.Diagnostics;
using System.Runtime.CompilerServices;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>
/// An event file read as batches while it is being recorded: NDJSON is parsed in pieces of whole lines on the other
/// cores, a few pieces ahead of the writer, and handed over in file order, so parsing and writing overlap and a
/// piece's events are garbage once written. The events, counts and errors are those of <see cref="EventFile.Parse"/>;
/// a bad line ends the batches with its error, and the caller's transaction then records nothing. A JSON array
/// is one batch. The file is read into memory first (<see cref="EventFileBytes"/>): every failure to read it is one
/// line before anything is parsed or recorded.
/// </summary>
public sealed class EventStream : IDisposable
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string _name;
    private readonly DateTimeOffset _now;

    private EventStream(ReadOnlyMemory<byte> bytes, string name, DateTimeOffset now, IngestStages stages)
    {
        _bytes = bytes;
        _name = name;
        _now = now;
        Lines = _bytes.Span.Count((byte)'\n') + 1;
        Stages = stages;
    }

    /// <summary>Where the time went: read (the file read into memory, its lines counted), parse (time in the parsing tasks, summed over the pieces); a store adds its own.</summary>
    public IngestStages Stages { get; }

    /// <summary>At least as many as the file's events: how big a load it is, before reading it.</summary>
    public int Lines { get; }

    /// <summary>Events of types that carry no delivery fact, among the batches handed over so far.</summary>
    public int Ignored { get; private set; }

    /// <param name="clock">Now, read once: an event dated more than the clock skew after it is refused (<see cref="EventTimes"/>).</param>
    public static EventStream Read(string path, TimeProvider clock)
    {
        var started = Stopwatch.GetTimestamp();
        var stages = new IngestStages();
        var stream = new EventStream(EventFileBytes.Read(path), path, clock.GetUtcNow(), stages);
        stages.Since("read", started);
        return stream;
    }

    /// <summary>
    /// Standard input (<c>tollgate events ingest -</c>), read to its end before anything is parsed, as a pipe named on
    /// the command line is; its lines are named <paramref name="name"/> in errors (<c>standard input:3: not JSON …</c>).
    /// </summary>
    public static EventStream ReadStandardInput(Func<Stream> open, string name, TimeProvider clock)
    {
        var started = Stopwatch.GetTimestamp();
        var stages = new IngestStages();
        var stream = new EventStream(EventFileBytes.ReadStandardInput(open, name), name, clock.GetUtcNow(), stages);
        stages.Since("read", started);
        return stream;
    }

    /// <summary>
    /// The same bytes as a stream not yet read (its counts at zero), for a second ingest of what standard input gave:
    /// it cannot be read again as a file can.
    /// </summary>
    public EventStream Again(TimeProvider clock) => new(_bytes, _name, clock.GetUtcNow(), new IngestStages());

    public async IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> Batches([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = EventFile.LinesStart(_bytes.Span);
        if (start < 0)
        {
            var whole = EventFile.Parse(_bytes, _name, _now);
            Ignored += whole.Ignored;
            yield return whole.Events;
            yield break;
        }

        var pieces = EventLines.Pieces(_bytes.Span, start);
        var ahead = Math.Max(2, Environment.ProcessorCount);
        var pending = new Queue<Task<ParsedEvents>>();
        var next = 0;
        try
        {
            while (next < pieces.Count || pending.Count > 0)
            {
                while (next < pieces.Count && pending.Count < ahead)
                {
                    var (from, to, line) = pieces[next++];
                    pending.Enqueue(Task.Run(() => Parse(from, to, line), cancellationToken));
                }

                var parsed = await pending.Dequeue();
                Ignored += parsed.Ignored;
                yield return parsed.Events;
            }
        }
        finally
        {
            // stopped early (a bad line, a failed write): the pieces still being parsed end before the stream does
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Nothing to let go since the file is read, not mapped; kept so that callers scope a stream as before.</summary>
    public void Dispose()
    {
    }

    private ParsedEvents Parse(int from, int to, int line)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = EventFile.ParseLines(_bytes, from, to, line, _name, _now);
        Stages.Since("parse", started);
        return parsed;
    }
}
