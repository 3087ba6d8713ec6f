namespace Tollgate.Policies.Custom;

/// <summary>
/// One RE2 bracket class being written (<c>[a-z\pL😀]</c>, <c>[^\p{Greek}]</c>): beside the items written as .NET class
/// text, the sets of code points it holds (a category's, a script's, a code point above FFFF) and, in a bracket that is
/// not negated, the sets it holds the complement of (<c>[\PL]</c>), each kept apart so that under <c>(?i)</c> .NET folds
/// the set before negating it, as RE2 folds <c>\PL</c>.
/// </summary>
internal sealed class BracketClass(bool negated)
{
    /// <summary>How the last item written ended, which decides whether a <c>-</c> after it is a range.</summary>
    public enum Item
    {
        None,
        Character,
        RangeDash,
        RangeEnd,
        Class,
    }

    /// <summary>Whether it is <c>[^…]</c>.</summary>
    public bool Negated { get; } = negated;

    /// <summary>Sets of code points it holds.</summary>
    public List<CodePointSet> Sets { get; } = [];

    /// <summary>Sets whose complement it holds (in a bracket that is not negated).</summary>
    public List<CodePointSet> Excluded { get; } = [];

    /// <summary>Whether an item written reaches D800 or above, so that a range may hold the surrogates.</summary>
    public bool ReachesSurrogates { get; set; }

    public Item Last { get; set; }

    /// <summary>The last character item: its code point, and where its class text begins (if it was written as text).</summary>
    public int LastCharacter { get; set; }

    public int LastCharacterAt { get; set; }

    /// <summary>
    /// The .NET pattern of one character of the class, given the <paramref name="items"/> written as class text (up to
    /// FFFF, with no dangling <c>-</c>) and the <paramref name="units"/> naming a set's code points above FFFF in the
    /// mapped text (<see cref="SupplementaryAlphabet"/>). A range that reaches over the surrogates leaves them out, as
    /// RE2's UTF-8 text holds none, and in the mapped text they name code points above FFFF.
    /// </summary>
    public string Pattern(string items, Func<CodePointSet, string> units)
    {
        var sets = CodePointSet.Union(Sets);
        var members = sets.ClassItems() + items;
        if (Negated)
        {
            return ReachesSurrogates
                ? Alternatives($"[^{CodePointSet.Surrogates}{members}]", units(sets.Complement()))
                : members + units(sets) is { Length: > 0 } all ? $"[^{all}]" : "[\\s\\S]";
        }

        var parts = ReachesSurrogates
            ? [$"[{members}-[{CodePointSet.Surrogates}]]", .. Class(units(sets))]
            : Class(members + units(sets));
        foreach (var excluded in Excluded)
        {
            parts.Add(excluded.ClassItems() + units(excluded) is { Length: > 0 } outside ? $"[^{outside}]" : "[\\s\\S]");
        }

        return parts.Count switch
        {
            0 => "[^\\s\\S]",
            1 => parts[0],
            _ => $"(?:{string.Join('|', parts)})",
        };
    }

    private static string Alternatives(string units, string beyond) => beyond.Length == 0 ? units : $"(?:{units}|[{beyond}])";

    private static List<string> Class(string items) => items.Length == 0 ? [] : [$"[{items}]"];
}
