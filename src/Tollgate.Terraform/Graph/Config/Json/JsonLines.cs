using System.Text.Json;

namespace Tollgate.Terraform.Graph.Config.Json;

/// <summary>
/// Line numbers of the first levels of a JSON document, which <see cref="JsonDocument"/> does not keep: one pass of
/// <see cref="Utf8JsonReader"/> records the line of every property and array item down to <see cref="Depth"/>
/// levels, keyed by its path (<c>resource/terraform_data/a</c>; array items by index).
/// </summary>
internal sealed class JsonLines
{
    private const int Depth = 6;
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public JsonLines(byte[] utf8)
    {
        var lineStarts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();
        var arrayIndex = new Stack<int>();
        var inArray = new Stack<bool>();
        while (reader.Read())
        {
            var line = LineOf(lineStarts, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (path.Count < Depth)
                    {
                        _lines.TryAdd(Key([.. path, reader.GetString()!]), line);
                    }

                    path.Add(reader.GetString()!);
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Item(path, arrayIndex, inArray, line);
                    inArray.Push(reader.TokenType == JsonTokenType.StartArray);
                    arrayIndex.Push(-1);
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    inArray.Pop();
                    arrayIndex.Pop();
                    break;
                default:
                    Item(path, arrayIndex, inArray, line);
                    break;
            }

            // A value ended: the property name or item index it sat at leaves the path.
            if (inArray.Count > 0)
            {
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    /// <summary>The 1-based line of the property or item at <paramref name="path"/>, or 0 when it is deeper than recorded.</summary>
    public int LineOf(IReadOnlyList<string> path) => _lines.GetValueOrDefault(Key(path));

    public static string Key(IEnumerable<string> path) => string.Join('\u001f', path);

    /// <summary>A value inside an array is an item: its index joins the path until the value ends.</summary>
    private void Item(List<string> path, Stack<int> arrayIndex, Stack<bool> inArray, int line)
    {
        if (inArray.Count > 0 && inArray.Peek())
        {
            var index = arrayIndex.Pop() + 1;
            arrayIndex.Push(index);
            path.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (path.Count <= Depth)
            {
                _lines.TryAdd(Key(path), line);
            }
        }
    }

    private static int LineOf(List<long> lineStarts, long offset)
    {
        var at = lineStarts.BinarySearch(offset);
        return (at >= 0 ? at : ~at - 1) + 1;
    }
}
