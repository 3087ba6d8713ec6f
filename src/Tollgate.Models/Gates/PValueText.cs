using System.Globalization;

namespace Tollgate.Models.Gates;

/// <summary>
/// A p-value as the model gates print it beside a decision at a level: three significant digits (<c>0.046</c>,
/// <c>3.11e-5</c>), and more where three would round a p below the level up to it or past it, so the printed p never
/// reads as "not significant" beside a decision that found it significant (0.049996 at α 0.05 prints <c>0.049996</c>).
/// </summary>
internal static class PValueText
{
    public static string Of(double p, double level)
    {
        if (double.IsNaN(p))
        {
            return "n/a";
        }

        if (p == 0)
        {
            // A p of 0 (under the smallest double, or a KPI test's limit with no variance) is never shown as an exact
            // zero (the canary prints it the same way).
            return "<1e-300";
        }

        for (var digits = 3; ; digits++)
        {
            var text = p.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            text = p < 1e-3 ? Exponent(p, digits) : text;
            var shown = double.Parse(text, CultureInfo.InvariantCulture);
            if (digits >= 17 || double.IsNaN(level) || (shown < level) == (p < level))
            {
                return text;
            }
        }
    }

    // 3.1092e-05 as "3.11e-5", the exponent form the other gates print.
    private static string Exponent(double p, int digits) =>
        p.ToString("0." + new string('#', digits - 1) + "e0", CultureInfo.InvariantCulture);
}
