using System.Globalization;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// The terms of a Go duration as <c>time.ParseDuration</c> splits it (<see href="https://pkg.go.dev/time#ParseDuration"/>),
/// sign already taken off: each a decimal amount (digits with at most one point, <c>1.5</c>, <c>.5</c>, <c>5.</c>) and
/// the unit after it, up to the next digit or point (<c>1h30m</c> → 1 h, 30 m). Which units count, and what the sum
/// may be, is the reader's: <see cref="Durations"/> (lenient, seconds) and <see cref="PauseDuration"/> (Argo's pause,
/// Go's nanoseconds) share only this split.
/// </summary>
internal static class GoDurationTerms
{
    /// <summary>
    /// The amount and unit of each term of <paramref name="text"/> (none for ""), or null where an amount is no decimal
    /// number (<c>h</c>, <c>1.2.3s</c>, <c>-5s</c>: a sign is no amount). A unit may be empty (<c>1h5</c> ends in 5, "").
    /// </summary>
    public static List<(double Amount, string Unit)>? Split(string text)
    {
        var terms = new List<(double, string)>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var amount = text[start..i];
            if (amount.Count(c => c == '.') > 1 || amount.Length - amount.Count(c => c == '.') == 0)
            {
                return null;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            terms.Add((double.Parse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), text[unitStart..i]));
        }

        return terms;
    }
}
