using System.Buffers;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// The lines of a text counted up to <see cref="Offset"/>: how many ended before it and where the last one began. A text
/// read in pieces (a stream of any size, held a buffer at a time) is counted piece by piece, so a place found in a later
/// piece is still named by line and column, as a text held whole is (<see cref="IllFormedText.LineAndColumn"/>), and a
/// text read again from a stream is counted without holding it. Columns count bytes, as the JSON reader's positions do.
/// </summary>
public readonly record struct TextLines(long Offset, long Lines, long LineStart)
{
    private const int PieceBytes = 1 << 16;

    /// <summary>The count after <paramref name="next"/>, the bytes that follow <see cref="Offset"/>.</summary>
    public TextLines After(ReadOnlySpan<byte> next)
    {
        var lines = next.Count((byte)'\n');
        return lines == 0
            ? this with { Offset = Offset + next.Length }
            : new(Offset + next.Length, Lines + lines, Offset + next.LastIndexOf((byte)'\n') + 1);
    }

    /// <summary>
    /// "line 3, column 7" (1-based) of <paramref name="offset"/>, at or after <see cref="Offset"/>; <paramref name="next"/>
    /// holds the bytes that follow <see cref="Offset"/>, up to <paramref name="offset"/> at least.
    /// </summary>
    public string LineAndColumn(long offset, ReadOnlySpan<byte> next)
    {
        var at = After(next[..checked((int)(offset - Offset))]);
        return $"line {at.Lines + 1}, column {offset - at.LineStart + 1}";
    }

    /// <summary>
    /// <see cref="LineAndColumn(long, ReadOnlySpan{byte})"/> of <paramref name="offset"/> bytes into <paramref name="text"/>
    /// from where it stands, reading it a piece at a time (a 500 MB plan is never held whole); null when it ends first
    /// (it changed since the place was found) or cannot be read again: the problem is then named without its place.
    /// </summary>
    public static string? LineAndColumn(Stream text, long offset)
    {
        var piece = ArrayPool<byte>.Shared.Rent(PieceBytes);
        try
        {
            var counted = default(TextLines);
            while (counted.Offset < offset)
            {
                var read = text.Read(piece, 0, (int)Math.Min(PieceBytes, offset - counted.Offset));
                if (read == 0)
                {
                    return null;
                }

                counted = counted.After(piece.AsSpan(0, read));
            }

            return counted.LineAndColumn(offset, []);
        }
        catch (IOException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(piece);
        }
    }
}
