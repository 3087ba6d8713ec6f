using System.Collections.Concurrent;

namespace Tollgate.Policies.Custom;

/// <summary>
/// The Unicode scripts RE2 names in <c>\p{Greek}</c> (https://github.com/google/re2/wiki/Syntax, "Unicode character
/// class names--scripts"): each script's code points as Unicode's Scripts.txt assigns them, which is not .NET's
/// <c>\p{IsGreek}</c> (a block: Greek Extended is another block, and Han spans more than a dozen). The table is generated
/// (<c>UnicodeScripts.Table.g.cs</c>, by eng/gen/unicode-scripts.cs); names are case-sensitive, as in RE2.
/// </summary>
internal static partial class UnicodeScripts
{
    private static readonly ConcurrentDictionary<string, CodePointSet> Sets = new(StringComparer.Ordinal);

    /// <summary>Every script name, in order.</summary>
    public static IEnumerable<string> Names => Table.Keys.Order(StringComparer.Ordinal);

    /// <summary>The code points of script <paramref name="name"/>, or null when there is no such script.</summary>
    public static CodePointSet? Of(string name) =>
        Table.TryGetValue(name, out var ranges) ? Sets.GetOrAdd(name, _ => CodePointSet.Parse(ranges)) : null;
}
