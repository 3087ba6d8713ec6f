using Tollgate.Yaml;

namespace Tollgate.Policies.Custom;

/// <summary>
/// What RE2's <c>\p{Name}</c> and <c>\pN</c> name (https://github.com/google/re2/wiki/Syntax): a general category
/// (<c>L</c>, <c>Nd</c>) from <see cref="UnicodeCategories"/>; <c>Any</c>; or a script (<c>Greek</c>, <c>Han</c>) from
/// <see cref="UnicodeScripts"/>. Each is a set of code points, those above FFFF included, read from Unicode 15.0 as
/// Go's <c>regexp</c> reads them, not .NET's own <c>\p{L}</c> (its runtime's version, a character class of UTF-16
/// units). Names are case-sensitive, as in RE2.
/// </summary>
internal static class UnicodeClass
{
    /// <summary>
    /// The code points of class <paramref name="name"/>; a name RE2 does not know is a <see cref="FormatException"/>
    /// naming the nearest one.
    /// </summary>
    /// <param name="written">The escape as written (<c>\p{Grek}</c>), for the message.</param>
    public static CodePointSet Of(string name, string written)
    {
        var set = name == "Any" ? CodePointSet.All : UnicodeCategories.Of(name) ?? UnicodeScripts.Of(name);
        if (set is null)
        {
            var prefix = written.Length > 3 && written[3] == '^' ? written[..4] : written[..2] + "{";
            var typed = name.StartsWith("Is", StringComparison.Ordinal) ? name[2..] : name;
            var near = KeySuggestion.For(typed, [.. UnicodeCategories.Names, "Any", .. UnicodeScripts.Names]) is { } nearest
                && KeySuggestion.Distance(typed.ToLowerInvariant(), nearest.ToLowerInvariant()) < typed.Length ? nearest : null;
            throw new FormatException($"{written} is not a Unicode class RE2 knows"
                + (near is null ? " (general categories such as L or Nd, scripts such as Greek or Han: https://github.com/google/re2/wiki/Syntax)" : $"; did you mean {prefix}{near}}}?"));
        }

        return set;
    }
}
