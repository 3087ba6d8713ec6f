using System.Text.Json;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>Reads the known-answer vectors that eng/scipy/make_vectors.py computed with SciPy.</summary>
internal static class SciPyVectors
{
    public static JsonElement Rows(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Statistics", "Vectors", name + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("rows").Clone();
    }

    public static double Number(this JsonElement row, string name)
    {
        var value = row.GetProperty(name);
        return value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetDouble();
    }

    public static double[] Numbers(this JsonElement row, string name) =>
        row.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>True when <paramref name="actual"/> is within a relative (or, near zero, absolute) tolerance.</summary>
    public static bool Close(double actual, double expected, double tolerance)
    {
        if (double.IsPositiveInfinity(expected))
        {
            return double.IsPositiveInfinity(actual);
        }

        return Math.Abs(actual - expected) <= tolerance * Math.Max(1e-12, Math.Abs(expected)) || Math.Abs(actual - expected) < 1e-13;
    }
}
