using System.Collections.Concurrent;

namespace Tollgate.Policies.Custom;

/// <summary>
/// The Unicode general categories RE2 names in <c>\pL</c> and <c>\p{Nd}</c> (https://github.com/google/re2/wiki/Syntax,
/// "Unicode character class names--general category"): each two-letter category's code points as Unicode's
/// UnicodeData.txt assigns them, and each one-letter one (<c>L</c>) the union of those it heads, as in Go's
/// <c>unicode</c> tables (so <c>C</c> is Cc, Cf, Co and Cs, not the unassigned code points). The table is generated
/// (<c>UnicodeCategories.Table.g.cs</c>, by eng/gen/unicode-categories.cs) for every code point, not for those above
/// FFFF alone: .NET's own <c>\p{L}</c> reads its runtime's newer Unicode version. Names are case-sensitive, as in RE2.
/// </summary>
internal static partial class UnicodeCategories
{
    private static readonly ConcurrentDictionary<string, CodePointSet> Sets = new(StringComparer.Ordinal);

    /// <summary>Every category name, one-letter and two-letter, in order.</summary>
    public static IEnumerable<string> Names =>
        Table.Keys.Concat(Table.Keys.Select(k => k[..1]).Distinct()).Order(StringComparer.Ordinal);

    /// <summary>The code points of category <paramref name="name"/>, or null when there is no such category.</summary>
    public static CodePointSet? Of(string name) =>
        Names.Contains(name, StringComparer.Ordinal) ? Sets.GetOrAdd(name, Build) : null;

    private static CodePointSet Build(string name) =>
        name.Length == 2
            ? CodePointSet.Parse(Table[name])
            : CodePointSet.Union(Table.Where(t => t.Key.StartsWith(name, StringComparison.Ordinal)).Select(t => CodePointSet.Parse(t.Value)));
}
