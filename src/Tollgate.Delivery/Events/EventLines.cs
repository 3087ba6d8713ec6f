using System.Runtime.ExceptionServices;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>
/// Parses NDJSON in pieces of whole lines on all cores and joins them in file order: the same events, the same counts
/// and, on bad input, the same error (the first bad line of the file) as reading the lines one after another.
/// </summary>
internal static class EventLines
{
    /// <summary>Below this many bytes per piece, one thread reads the file (a thread costs more than it saves).</summary>
    private const int PieceBytes = 1 << 20;

    public static ParsedEvents Parse(ReadOnlyMemory<byte> bytes, int start, string name, DateTimeOffset now)
    {
        var pieces = Pieces(bytes.Span, start);
        if (pieces.Count == 1)
        {
            return EventFile.ParseLines(bytes, start, bytes.Length, 0, name, now);
        }

        var parsed = new ParsedEvents?[pieces.Count];
        var failed = new Exception?[pieces.Count];
        Parallel.For(0, pieces.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (from, to, line) = pieces[i];
            try
            {
                parsed[i] = EventFile.ParseLines(bytes, from, to, line, name, now);
            }
            catch (Exception e)
            {
                failed[i] = e;
            }
        });

        var events = new List<DeliveryEvent>(parsed.Sum(p => p?.Events.Count ?? 0));
        var ignored = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (failed[i] is { } e)
            {
                ExceptionDispatchInfo.Throw(e); // the earliest piece with a bad line holds the file's first bad line
            }

            events.AddRange(parsed[i]!.Events);
            ignored += parsed[i]!.Ignored;
        }

        return new ParsedEvents(events, ignored);
    }

    /// <summary>Pieces of about <see cref="PieceBytes"/> ending after a newline: (start, end, lines before the start).</summary>
    internal static List<(int Start, int End, int Line)> Pieces(ReadOnlySpan<byte> span, int start)
    {
        var pieces = new List<(int, int, int)>();
        var line = 0;
        while (start < span.Length)
        {
            var end = Math.Min(span.Length, start + PieceBytes);
            if (end < span.Length)
            {
                var newline = span[end..].IndexOf((byte)'\n');
                end = newline < 0 ? span.Length : end + newline + 1;
            }

            pieces.Add((start, end, line));
            line += span[start..end].Count((byte)'\n');
            start = end;
        }

        return pieces.Count == 0 ? [(start, start, 0)] : pieces;
    }
}
