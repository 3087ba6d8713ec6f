using System.Text;
using System.Text.Json;

namespace Tollgate.Terraform.Graph.Config.Json;

/// <summary>
/// Where the first levels of a JSON document are, which <see cref="JsonDocument"/> does not keep: one pass of
/// <see cref="Utf8JsonReader"/> records the span of every property (from its name to the end of its value: a block's
/// closing brace) and array item down to <see cref="Depth"/> levels, keyed by its path
/// (<c>resource/terraform_data/a</c>; array items by index). Lines and columns are 1-based and count as the HCL
/// reader's do (UTF-16 code units from the line's start), the end column just after the value's last character, so a
/// <c>.tf.json</c> block is located as a <c>.tf</c> block is (<see cref="Domain.Findings.SourceLocation"/>).
/// </summary>
internal sealed class JsonSpans
{
    private const int Depth = 6;
    private readonly Dictionary<string, JsonSpan> _spans = new(StringComparer.Ordinal);
    private readonly List<int> _lineStarts = [0];

    // The last offset turned into a column, on line _lastLine: offsets come in order, so the columns of a long line
    // (a minified file is one) are counted from the previous one, never again from the line's start.
    private int _lastOffset;
    private int _lastLine = -1;
    private int _lastColumn;

    public JsonSpans(byte[] utf8)
    {
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();

        // For each step of the path, the key of the span its value ends (null when it is not recorded).
        var open = new List<string?>();
        var arrayIndex = new Stack<int>();
        var inArray = new Stack<bool>();
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    path.Add(reader.GetString()!);
                    open.Add(Begin(utf8, path, start));
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Item(utf8, path, open, arrayIndex, inArray, start);
                    inArray.Push(reader.TokenType == JsonTokenType.StartArray);
                    arrayIndex.Push(-1);
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    inArray.Pop();
                    arrayIndex.Pop();
                    break;
                default:
                    Item(utf8, path, open, arrayIndex, inArray, start);
                    break;
            }

            // A value ended, just before BytesConsumed: the property name or item index it sat at leaves the path.
            if (inArray.Count > 0)
            {
                End(utf8, open[^1], (int)reader.BytesConsumed);
                path.RemoveAt(path.Count - 1);
                open.RemoveAt(open.Count - 1);
            }
        }
    }

    /// <summary>The 1-based line of the property or item at <paramref name="path"/>, or 0 when it is deeper than recorded.</summary>
    public int LineOf(IReadOnlyList<string> path) => _spans.GetValueOrDefault(Key(path)).Line;

    /// <summary>Where the property or item at <paramref name="path"/> starts and ends, or null when it is deeper than recorded.</summary>
    public JsonSpan? SpanOf(IReadOnlyList<string> path) => _spans.TryGetValue(Key(path), out var span) ? span : null;

    public static string Key(IEnumerable<string> path) => string.Join('\u001f', path);

    /// <summary>Records where the property or item just added to <paramref name="path"/> starts; its key, or null when it is too deep or met before.</summary>
    private string? Begin(byte[] utf8, List<string> path, int start)
    {
        if (path.Count > Depth)
        {
            return null;
        }

        var key = Key(path);
        if (_spans.ContainsKey(key))
        {
            return null; // a name repeated in one object: the first keeps its place
        }

        var (line, column) = Position(utf8, start);
        _spans[key] = new JsonSpan(line, column, 0, 0);
        return key;
    }

    private void End(byte[] utf8, string? key, int end)
    {
        if (key is not null)
        {
            var (line, column) = Position(utf8, end);
            _spans[key] = _spans[key] with { EndLine = line, EndColumn = column };
        }
    }

    /// <summary>A value inside an array is an item: its index joins the path until the value ends.</summary>
    private void Item(byte[] utf8, List<string> path, List<string?> open, Stack<int> arrayIndex, Stack<bool> inArray, int start)
    {
        if (inArray.Count > 0 && inArray.Peek())
        {
            var index = arrayIndex.Pop() + 1;
            arrayIndex.Push(index);
            path.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            open.Add(Begin(utf8, path, start));
        }
    }

    /// <summary>The 1-based line and column of byte <paramref name="offset"/>, the column in UTF-16 code units.</summary>
    private (int Line, int Column) Position(byte[] utf8, int offset)
    {
        var at = _lineStarts.BinarySearch(offset);
        var line = at >= 0 ? at : ~at - 1;
        var (from, column) = line == _lastLine && offset >= _lastOffset ? (_lastOffset, _lastColumn) : (_lineStarts[line], 1);
        column += Encoding.UTF8.GetCharCount(utf8, from, offset - from);
        (_lastOffset, _lastLine, _lastColumn) = (offset, line, column);
        return (line + 1, column);
    }
}
