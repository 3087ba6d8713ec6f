using System.Globalization;

namespace Tollgate.Models.Tables;

/// <summary>
/// Numbers in a column read as text. One cell that is not a number (a typo, <c>n/a</c>, a unit) makes a whole CSV
/// column text, so a reader that wants numbers, or must tell scores from class names, names that cell instead of
/// taking every number in the column for a word.
/// </summary>
public static class TextCells
{
    /// <summary>
    /// The first of <paramref name="rows"/> whose value is present and not a number, and the first that is a number;
    /// either null when there is none. A numeric column has no text, so its text is null.
    /// </summary>
    public static ((int Row, string Value)? Text, (int Row, string Value)? Number) FirstOfEach(Column column, IEnumerable<int> rows)
    {
        if (column.IsNumeric)
        {
            return (null, null);
        }

        (int, string)? text = null;
        (int, string)? number = null;
        foreach (var row in rows)
        {
            if (column.Texts![row] is not { } value)
            {
                continue;
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                number ??= (row, value);
            }
            else
            {
                text ??= (row, value);
            }

            if (text is not null && number is not null)
            {
                break;
            }
        }

        return (text, number);
    }

    /// <summary>
    /// Whether a cell spells an infinity the way other tools write one (<c>inf</c>, <c>-Infinity</c>, <c>∞</c>): a number,
    /// but not a finite one, which a message should say rather than call it text.
    /// </summary>
    public static bool IsInfinity(string value) =>
        value.Trim().TrimStart('+', '-').ToLowerInvariant() is "inf" or "infinity" or "∞";

    /// <summary>How a cell is named in a one-line error: its value and its row counted from 1 after the header.</summary>
    public static string Describe((int Row, string Value) cell) =>
        $"'{(cell.Value.Length > 40 ? cell.Value[..40] + "…" : cell.Value)}' in row {cell.Row + 1}";
}
