namespace Tollgate.Hcl.Syntax;

/// <summary>The text of one configuration file with a line index, so offsets turn into line and column on demand.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string fileName, string text)
    {
        FileName = fileName;
        Text = text;
        Nesting = new NestingDepth(this);
        // Counted first, so a file of 500,000 lines costs one array of the exact size and no growing list.
        var starts = new int[text.AsSpan().Count('\n') + 1];
        var line = 1;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts[line++] = i + 1;
        }

        _lineStarts = starts;
    }

    private SourceText(SourceText original)
    {
        FileName = original.FileName;
        Text = original.Text;
        Nesting = new NestingDepth(this);
        _lineStarts = original._lineStarts;
    }

    public string FileName { get; }

    public string Text { get; }

    /// <summary>The identifiers read from this file by this thread's parser (a <see cref="Twin"/> has its own).</summary>
    internal IdentifierTable Identifiers { get; } = new();

    /// <summary>How deep the parser is in this file, shared by the cursors of its templates' interpolations.</summary>
    public NestingDepth Nesting { get; }

    /// <summary>The same text and line index with a nesting count of its own: for a second parser on another thread.</summary>
    public SourceText Twin() => new(this);

    public SourcePosition PositionOf(int offset)
    {
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourcePosition(FileName, line + 1, offset - _lineStarts[line] + 1);
    }
}
