namespace Tollgate.Models.Drift;

/// <summary>
/// A slice's name as people read it in a finding or reason (text and Markdown reports): a value with white space at
/// either end is quoted (<c>count="0 "</c>), since <c>count=0 </c> reads as <c>count=0</c> with a space after it while
/// it is a slice of its own. The name in the evidence, the figures and the gauges stays as recorded.
/// </summary>
public static class SliceText
{
    /// <summary>
    /// <paramref name="slice"/> (<c>col=value</c> pairs of <paramref name="columns"/>, in order, joined by commas) with
    /// each value that starts or ends with white space in double quotes; any other name as it is.
    /// </summary>
    public static string Shown(string slice, IReadOnlyList<string> columns)
    {
        var parts = new List<string>(columns.Count);
        var at = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            var prefix = columns[i] + "=";
            if (string.CompareOrdinal(slice, at, prefix, 0, prefix.Length) != 0)
            {
                return slice; // "(all)", or not a name of these columns
            }

            var start = at + prefix.Length;
            var end = i + 1 < columns.Count ? slice.IndexOf("," + columns[i + 1] + "=", start, StringComparison.Ordinal) : slice.Length;
            if (end < 0)
            {
                return slice;
            }

            parts.Add(prefix + Quoted(slice[start..end]));
            at = end + 1;
        }

        return parts.Count == 0 ? slice : string.Join(",", parts);
    }

    private static string Quoted(string value) =>
        value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            ? "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : value;
}
