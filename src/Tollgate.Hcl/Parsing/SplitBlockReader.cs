using System.Runtime.ExceptionServices;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>
/// Reads the top-level blocks of a large file on two threads: the calling thread parses from the start, a second
/// thread from a line near the middle where a top-level block seems to begin, each handing its blocks to the
/// caller's <c>read</c>. The split holds only when the first parser, done with the items before the line, finds its
/// next item starting exactly there (so no heredoc, comment, string or block runs across it) and the halves define no
/// top-level attribute twice; otherwise the first parser reads on to the end alone and the second's work is dropped.
/// Either way the results come in file order, and an error is the one a single parser meets, met at the same point.
/// </summary>
internal static class SplitBlockReader
{
    /// <summary>Files shorter than this (characters) are read by one parser: a second thread would not pay for itself.</summary>
    public const int ParallelFrom = 1 << 20;

    /// <summary>
    /// The start of a line at or after the middle of <paramref name="text"/> that begins with a name and follows a
    /// line holding only <c>}</c> (the end of a block, as written by hand and by generators); -1 when there is none.
    /// </summary>
    public static int SplitPoint(string text)
    {
        for (var newline = text.IndexOf('\n', text.Length / 2); newline >= 0 && newline + 1 < text.Length; newline = text.IndexOf('\n', newline + 1))
        {
            var start = newline + 1;
            if (Lexer.IsIdentifierStart(text[start]) && FollowsClosingBrace(text, newline))
            {
                return start;
            }
        }

        return -1;
    }

    public static IEnumerable<T> Read<T>(SourceText source, Func<Block, T> read, int split)
    {
        var parser = new BodyParser(new TokenCursor(source, new Lexer(source)));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var second = new SecondHalf<T>(source.Twin(), split, read);
        var thread = new Thread(second.Run, 16 << 20) { IsBackground = true, Name = "hcl second half" };
        thread.Start();
        try
        {
            while (parser.NextItemStart() < split && parser.ParseItem(topLevel: true, names) is { } item)
            {
                if (item.Block is { } block)
                {
                    yield return read(block);
                }
            }

            if (parser.NextItemStart() == split)
            {
                thread.Join();
                if (!second.Names.Overlaps(names))
                {
                    foreach (var result in second.Results)
                    {
                        yield return result;
                    }

                    second.Error?.Throw();
                    yield break;
                }
            }

            second.Abandon();
            while (parser.ParseItem(topLevel: true, names) is { } item)
            {
                if (item.Block is { } block)
                {
                    yield return read(block);
                }
            }
        }
        finally
        {
            second.Abandon();
        }
    }

    private static bool FollowsClosingBrace(string text, int newline)
    {
        var end = newline;
        while (end > 0 && text[end - 1] is '\n' or '\r' or ' ' or '\t')
        {
            end--;
        }

        return end > 0 && text[end - 1] == '}' && (end == 1 || text[end - 2] == '\n');
    }

    /// <summary>The second thread's part: the items from the split to the end of file, or up to its first error.</summary>
    private sealed class SecondHalf<T>(SourceText source, int split, Func<Block, T> read)
    {
        private volatile bool _abandoned;

        public List<T> Results { get; } = [];

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        /// <summary>What stopped the reading before the end of file: a syntax error, or whatever <c>read</c> threw.</summary>
        public ExceptionDispatchInfo? Error { get; private set; }

        public void Abandon() => _abandoned = true;

        public void Run()
        {
            try
            {
                var parser = new BodyParser(new TokenCursor(source, new Lexer(source, split, source.Text.Length)));
                while (!_abandoned && parser.ParseItem(topLevel: true, Names) is { } item)
                {
                    if (item.Block is { } block)
                    {
                        Results.Add(read(block));
                    }
                }
            }
            catch (Exception e)
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
