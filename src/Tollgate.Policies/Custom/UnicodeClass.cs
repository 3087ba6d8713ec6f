using Tollgate.Yaml;

namespace Tollgate.Policies.Custom;

/// <summary>
/// What RE2's <c>\p{Name}</c> and <c>\pN</c> name (https://github.com/google/re2/wiki/Syntax): a general category
/// (<c>L</c>, <c>Nd</c>), which .NET's <c>\p{…}</c> reads the same way; <c>Any</c>; or a script (<c>Greek</c>,
/// <c>Han</c>), a set of code points from <see cref="UnicodeScripts"/>. Names are case-sensitive, as in RE2.
/// </summary>
internal static class UnicodeClass
{
    private static readonly string[] Categories =
        ["L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
         "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Co", "Cs"];

    /// <summary>
    /// The class <paramref name="name"/> (negated when <paramref name="negated"/>): the .NET category escape for a
    /// general category, else the code points; a name RE2 does not know is a <see cref="FormatException"/> naming the
    /// nearest one.
    /// </summary>
    /// <param name="written">The escape as written (<c>\p{Grek}</c>), for the message.</param>
    public static (string? Category, CodePointSet? CodePoints) Of(string name, bool negated, string written)
    {
        if (Categories.Contains(name))
        {
            return ($"\\{(negated ? 'P' : 'p')}{{{name}}}", null);
        }

        var set = name == "Any" ? CodePointSet.All : UnicodeScripts.Of(name);
        if (set is null)
        {
            var prefix = written.Length > 3 && written[3] == '^' ? written[..4] : written[..2] + "{";
            var typed = name.StartsWith("Is", StringComparison.Ordinal) ? name[2..] : name;
            var near = KeySuggestion.For(typed, [.. Categories, "Any", .. UnicodeScripts.Names]) is { } nearest
                && KeySuggestion.Distance(typed.ToLowerInvariant(), nearest.ToLowerInvariant()) < typed.Length ? nearest : null;
            throw new FormatException($"{written} is not a Unicode class RE2 knows"
                + (near is null ? " (general categories such as L or Nd, scripts such as Greek or Han: https://github.com/google/re2/wiki/Syntax)" : $"; did you mean {prefix}{near}}}?"));
        }

        return (null, negated ? set.Complement() : set);
    }
}
