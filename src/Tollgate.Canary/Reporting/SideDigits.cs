using System.Globalization;

namespace Tollgate.Canary.Reporting;

/// <summary>
/// A number printed beside the value it is compared with: as many decimals as its usual format has, and more while the
/// rounded text would read on the other side of that value (or on it) than the number itself. A ratio interval's lower
/// end of 1.0247 against the null 1 prints "1.02", one of 0.98843 "0.99", where two significant digits print "1.0" for
/// both: the printed end is above the null exactly when the true one is. At most <see cref="MaxDecimals"/> decimals.
/// </summary>
public static class SideDigits
{
    /// <summary>The most decimals an end is given; one nearer its reference than that prints as close as it gets.</summary>
    public const int MaxDecimals = 6;

    /// <summary>
    /// <paramref name="value"/> formatted as <paramref name="format"/> (a custom format ending in its decimals, "0.0",
    /// "0.00", "0.#"), lengthened by <paramref name="more"/> ('0' or '#') per extra decimal until the text, read back, is
    /// on the same side of <paramref name="reference"/> as the value. Both are in the printed unit (percent, ms, ×).
    /// </summary>
    public static string Format(double value, double reference, string format, char more = '0')
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value) || !double.IsFinite(reference))
        {
            return text;
        }

        var side = Math.Sign(value - reference);
        var decimals = Decimals(format);
        var pattern = format.Contains('.') ? format : format + ".";
        while (side != Side(text, reference) && decimals < MaxDecimals)
        {
            pattern += more;
            decimals++;
            text = value.ToString(pattern, CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static int Decimals(string format) => format.Contains('.') ? format.Length - format.IndexOf('.') - 1 : 0;

    /// <summary>The side of the reference the text reads on; equal within the last bits of a scaled reference (0.001 × 100).</summary>
    private static int Side(string text, double reference)
    {
        var read = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var gap = read - reference;
        return Math.Abs(gap) <= 1e-12 * Math.Max(1, Math.Abs(reference)) ? 0 : Math.Sign(gap);
    }
}
