using System.Text;

namespace Tollgate.Delivery.Running;

/// <summary>
/// Reads a command's output to its end and keeps only its last lines that are not blank (each cut at
/// <see cref="MaxLineChars"/>): however much a deploy tool prints (<c>helm --debug</c>, a build log), memory stays
/// bounded and the command is never stopped for it, since stopping a deploy half way is the worst state to leave it in.
/// Standard error, which the process runner hands over whole, is cut the same way (<see cref="Of"/>).
/// </summary>
public static class OutputTail
{
    /// <summary>A line longer than this keeps its first characters and "…".</summary>
    public const int MaxLineChars = 4096;

    public static IReadOnlyList<string> Read(Stream stream, int lines)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 81920, leaveOpen: true);
        return Read(reader, lines);
    }

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="text"/> that are not blank, each cut as <see cref="Read(Stream, int)"/> cuts them.</summary>
    public static IReadOnlyList<string> Of(string text, int lines)
    {
        using var reader = new StringReader(text);
        return Read(reader, lines);
    }

    private static List<string> Read(TextReader reader, int lines)
    {
        var tail = new Queue<string>(lines + 1);
        var buffer = new char[81920];
        var line = new StringBuilder();
        var cut = false;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    Add(tail, line, cut, lines);
                    cut = false;
                }
                else if (line.Length < MaxLineChars)
                {
                    line.Append(buffer[i]);
                }
                else
                {
                    cut = true;
                }
            }
        }

        Add(tail, line, cut, lines);
        return [.. tail];
    }

    private static void Add(Queue<string> tail, StringBuilder line, bool cut, int lines)
    {
        var text = line.ToString().Trim();
        line.Clear();
        if (text.Length == 0)
        {
            return;
        }

        tail.Enqueue(cut ? text + "…" : text);
        if (tail.Count > lines)
        {
            tail.Dequeue();
        }
    }
}
