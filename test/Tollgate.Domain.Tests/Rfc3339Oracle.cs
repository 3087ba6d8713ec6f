using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Domain.Tests;

/// <summary>
/// <c>Rfc3339.TryParse</c> as it was up to <c>6da5030</c>: a regular expression for the shape, then
/// <see cref="DateTimeOffset.TryParseExact(string, string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
/// Kept here only as the oracle the hand-written parser is compared with (<see cref="Rfc3339OracleTests"/>).
/// </summary>
internal static partial class Rfc3339Oracle
{
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        var match = Shape().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var g = match.Groups;
        var fraction = g["fraction"].Success ? g["fraction"].Value[..Math.Min(7, g["fraction"].Length)] : "0";
        var zone = g["zone"].Value switch
        {
            "" or "Z" or "z" => "+00:00",
            var z when z.Length == 5 => z[..3] + ":" + z[3..],
            var z => z,
        };
        var normalized = $"{g["date"].Value}T{(g["hm"].Success ? g["hm"].Value : "00:00")}:{(g["s"].Success ? g["s"].Value : "00")}.{fraction}{zone}";
        return DateTimeOffset.TryParseExact(normalized, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<hm>\d{2}:\d{2})(?::(?<s>\d{2})(?:\.(?<fraction>\d+))?)?(?<zone>[Zz]|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
