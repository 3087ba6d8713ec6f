using System.Globalization;
using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// A set of Unicode code points (sorted, disjoint, non-adjacent ranges): a category's, a script's, a bracket's. Its
/// members up to FFFF are written as the inside of a .NET character class; those above, which .NET sees as two UTF-16
/// units, are matched through a <see cref="SupplementaryAlphabet"/>. Surrogate code points (D800–DFFF) are not
/// characters and never in a set, as in RE2, which matches UTF-8.
/// </summary>
internal sealed class CodePointSet
{
    /// <summary>The UTF-16 surrogate units as the inside of a .NET character class.</summary>
    public const string Surrogates = "\\uD800-\\uDFFF";

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

    /// <summary>Whether <paramref name="codePoint"/> is a member.</summary>
    public bool Contains(int codePoint)
    {
        var (low, high) = (0, _ranges.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (codePoint < _ranges[middle].First)
            {
                high = middle - 1;
            }
            else if (codePoint > _ranges[middle].Last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The UTF-16 unit <paramref name="unit"/> as a .NET escape, <c>\u0041</c>.</summary>
    public static string Unit(int unit) => "\\u" + unit.ToString("X4", CultureInfo.InvariantCulture);

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
}
