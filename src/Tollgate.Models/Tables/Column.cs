namespace Tollgate.Models.Tables;

/// <summary>
/// One column of a feature table: numbers (NaN where missing) when every present value is a number, else text
/// (null where missing).
/// </summary>
public sealed class Column
{
    private Column(string name, double[]? numbers, string?[]? texts)
    {
        Name = name;
        Numbers = numbers;
        Texts = texts;
    }

    public string Name { get; }

    public double[]? Numbers { get; }

    public string?[]? Texts { get; }

    public bool IsNumeric => Numbers is not null;

    public int Length => Numbers?.Length ?? Texts!.Length;

    public static Column Numeric(string name, double[] values) => new(name, values, null);

    public static Column Text(string name, string?[] values) => new(name, null, values);

    /// <summary>The value as text, for slice keys (numbers in round-trip invariant form).</summary>
    public string? TextAt(int row) =>
        Numbers is { } n ? double.IsNaN(n[row]) ? null : n[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture) : Texts![row];
}
