using System.Globalization;
using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// A set of Unicode code points (sorted, disjoint, non-adjacent ranges), written as the .NET pattern matching one of
/// them. .NET's regex engines match UTF-16 code units, so a code point above FFFF is two units (a surrogate pair): the
/// set's characters up to FFFF are one character class, those above are alternations of a high surrogate and a class
/// of low ones. Surrogate code points (D800–DFFF) are not characters and never in a set, as in RE2, which matches UTF-8.
/// </summary>
internal sealed class CodePointSet
{
    private const int MaxCodePoint = 0x10FFFF;

    private readonly (int First, int Last)[] _ranges;

    private CodePointSet((int First, int Last)[] ranges) => _ranges = ranges;

    /// <summary>Every code point (RE2's <c>\p{Any}</c>).</summary>
    public static CodePointSet All { get; } = Of([(0, MaxCodePoint)]);

    /// <summary>The ranges, in order.</summary>
    public IReadOnlyList<(int First, int Last)> Ranges => _ranges;

    /// <summary>The part above FFFF: what a character class of UTF-16 units cannot hold.</summary>
    public CodePointSet Supplementary => Of(_ranges.Where(r => r.Last > 0xFFFF).Select(r => (Math.Max(r.First, 0x10000), r.Last)));

    /// <summary>The set of <paramref name="ranges"/> (any order, overlaps allowed), surrogates left out.</summary>
    public static CodePointSet Of(IEnumerable<(int First, int Last)> ranges)
    {
        var merged = new List<(int First, int Last)>();
        foreach (var (first, last) in ranges.SelectMany(WithoutSurrogates).OrderBy(r => r.First))
        {
            if (merged.Count > 0 && merged[^1].Last + 1 >= first)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }

        return new CodePointSet([.. merged]);
    }

    /// <summary>Every code point of any of <paramref name="sets"/>.</summary>
    public static CodePointSet Union(IEnumerable<CodePointSet> sets) => Of(sets.SelectMany(s => s._ranges));

    /// <summary>The ranges written as hex <c>first-last</c> or single code points, space-separated.</summary>
    public static CodePointSet Parse(string hex) =>
        Of(hex.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
        {
            var bounds = word.Split('-');
            return (Hex(bounds[0]), Hex(bounds[^1]));
        }));

    /// <summary>Every code point not in this set.</summary>
    public CodePointSet Complement()
    {
        var gaps = new List<(int, int)>();
        var next = 0;
        foreach (var (first, last) in _ranges)
        {
            if (first > next)
            {
                gaps.Add((next, first - 1));
            }

            next = last + 1;
        }

        if (next <= MaxCodePoint)
        {
            gaps.Add((next, MaxCodePoint));
        }

        return Of(gaps);
    }

    /// <summary>The members up to FFFF as the inside of a .NET character class (<c>\u0370-\u0373\u0375</c>).</summary>
    public string ClassItems()
    {
        var items = new StringBuilder();
        foreach (var (first, last) in _ranges.Where(r => r.First <= 0xFFFF))
        {
            items.Append(Unit(first));
            if (Math.Min(last, 0xFFFF) > first)
            {
                items.Append('-').Append(Unit(Math.Min(last, 0xFFFF)));
            }
        }

        return items.ToString();
    }

    /// <summary>
    /// The members above FFFF as alternatives of surrogate pairs (<c>\uD800[\uDF30-\uDF4A]|…</c>), empty when none:
    /// high surrogates whose low ones are the same share one alternative (<c>[\uD840-\uD868][\uDC00-\uDFFF]</c>).
    /// </summary>
    public string SurrogateAlternatives()
    {
        var lows = new SortedDictionary<int, StringBuilder>();
        foreach (var (first, last) in Supplementary._ranges)
        {
            for (var high = High(first); high <= High(last); high++)
            {
                var from = high == High(first) ? Low(first) : 0xDC00;
                var to = high == High(last) ? Low(last) : 0xDFFF;
                if (!lows.TryGetValue(high, out var items))
                {
                    lows[high] = items = new StringBuilder();
                }

                items.Append(Unit(from)).Append(to > from ? "-" + Unit(to) : "");
            }
        }

        var alternatives = new List<string>();
        var highs = lows.Keys.ToList();
        for (var i = 0; i < highs.Count;)
        {
            var low = lows[highs[i]].ToString();
            var j = i + 1;
            while (j < highs.Count && highs[j] == highs[j - 1] + 1 && lows[highs[j]].ToString() == low)
            {
                j++;
            }

            var high = j - i == 1 ? Unit(highs[i]) : $"[{Unit(highs[i])}-{Unit(highs[j - 1])}]";
            alternatives.Add(high + "[" + low + "]");
            i = j;
        }

        return string.Join('|', alternatives);
    }

    /// <summary>The .NET pattern matching one member, as a group: <c>[^\s\S]</c> (nothing) when the set is empty.</summary>
    public string ToPattern()
    {
        var items = ClassItems();
        var pairs = SurrogateAlternatives();
        return (items.Length, pairs.Length) switch
        {
            (0, 0) => "[^\\s\\S]",
            (_, 0) => $"[{items}]",
            (0, _) => $"(?:{pairs})",
            _ => $"(?:[{items}]|{pairs})",
        };
    }

    private static IEnumerable<(int First, int Last)> WithoutSurrogates((int First, int Last) range)
    {
        if (range.First < 0xD800 && range.Last >= 0xD800)
        {
            yield return (range.First, 0xD7FF);
        }
        else if (range.First < 0xD800)
        {
            yield return range;
        }

        if (range.Last > 0xDFFF)
        {
            yield return (Math.Max(range.First, 0xE000), range.Last);
        }
    }

    private static int Hex(string digits) => int.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static int High(int codePoint) => 0xD800 + ((codePoint - 0x10000) >> 10);

    private static int Low(int codePoint) => 0xDC00 + ((codePoint - 0x10000) & 0x3FF);

    private static string Unit(int unit) => "\\u" + unit.ToString("X4", CultureInfo.InvariantCulture);
}
