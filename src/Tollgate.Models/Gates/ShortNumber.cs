using System.Globalization;

namespace Tollgate.Models.Gates;

/// <summary>
/// A figure as the model gates' messages and facts print it: four decimals, a very small one (below 0.001) or a very
/// large one (a billion and up) in exponent form, so an effect of 5e306 prints as <c>5.1785e306</c>, not 307 digits; zero, negative zero too, as <c>0</c>.
/// </summary>
internal static class ShortNumber
{
    /// <param name="smallDigits">Decimals of a very small figure's mantissa (a trend's slope per day takes three).</param>
    public static string Of(double value, int smallDigits = 2) =>
        double.IsNaN(value) ? "n/a"
        : value == 0 ? "0" // -0 too: equal arms' Δ prints 0, not -0
        : Math.Abs(value) < 1e-3 && value != 0 ? value.ToString("0." + new string('#', smallDigits) + "e0", CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 1e9 ? "0.####e0" : "0.####", CultureInfo.InvariantCulture);
}
