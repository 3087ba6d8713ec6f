using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// RE2 matches code points; .NET's regex engines match UTF-16 units, where a code point above FFFF is two (a surrogate
/// pair), so <c>.</c>, <c>[^a]</c> or <c>\pL</c> would match half of one. A pattern's alphabet splits the code points
/// above FFFF into the blocks its classes cannot tell apart (for <c>\pL</c> alone: letters and the rest) and names each
/// block by one surrogate unit: the text is matched with each pair replaced by its block's unit, and a class holds the
/// units of the blocks it holds. Each character is then one unit, so <c>.</c>, <c>.{3}</c>, <c>[^a]</c> and
/// <c>\PL+</c> count characters as RE2 does, and a class above FFFF is one node of .NET's linear-time engine, not
/// dozens of pair alternatives. A lone surrogate is read as U+FFFD (<see cref="LoneSurrogates"/>), so the text holds no
/// other surrogate unit.
/// </summary>
internal sealed class SupplementaryAlphabet
{
    /// <summary>The most blocks: one for each surrogate unit.</summary>
    private const int MaxBlocks = 0x800;

    /// <summary>Where each run of code points of one block starts, in order, the first at 10000.</summary>
    private readonly int[] _starts;

    /// <summary>The block of each run.</summary>
    private readonly int[] _blocks;

    /// <summary>A code point of each block.</summary>
    private readonly int[] _members;

    private SupplementaryAlphabet(int[] starts, int[] blocks, int[] members) => (_starts, _blocks, _members) = (starts, blocks, members);

    /// <summary>
    /// The alphabet telling apart the code points above FFFF that <paramref name="sets"/> tell apart: two code points
    /// share a block when each set holds both or neither. More than 2048 blocks is a <see cref="FormatException"/>.
    /// </summary>
    public static SupplementaryAlphabet Of(IReadOnlyCollection<CodePointSet> sets)
    {
        var cuts = new SortedSet<int> { 0x10000 };
        foreach (var range in sets.SelectMany(s => s.Supplementary.Ranges))
        {
            cuts.Add(range.First);
            cuts.Add(range.Last + 1);
        }

        var signatures = new Dictionary<string, int>(StringComparer.Ordinal);
        var (starts, blocks, members) = (new List<int>(), new List<int>(), new List<int>());
        foreach (var cut in cuts.Where(c => c <= 0x10FFFF))
        {
            var signature = string.Concat(sets.Select(s => s.Contains(cut) ? '1' : '0'));
            if (!signatures.TryGetValue(signature, out var block))
            {
                signatures[signature] = block = signatures.Count;
                members.Add(cut);
            }

            if (blocks.Count == 0 || blocks[^1] != block)
            {
                starts.Add(cut);
                blocks.Add(block);
            }
        }

        if (members.Count > MaxBlocks)
        {
            throw new FormatException($"its classes split the code points above FFFF into {members.Count} kinds, more than the {MaxBlocks} matched here");
        }

        return new SupplementaryAlphabet([.. starts], [.. blocks], [.. members]);
    }

    /// <summary>The units of the blocks <paramref name="set"/> holds (one of those the alphabet was made of), as class items.</summary>
    public string Units(CodePointSet set)
    {
        var items = new StringBuilder();
        for (var block = 0; block < _members.Length; block++)
        {
            if (!set.Contains(_members[block]))
            {
                continue;
            }

            var last = block;
            while (last + 1 < _members.Length && set.Contains(_members[last + 1]))
            {
                last++;
            }

            items.Append(CodePointSet.Unit(0xD800 + block)).Append(last > block ? "-" + CodePointSet.Unit(0xD800 + last) : "");
            block = last;
        }

        return items.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as the pattern reads it: each surrogate pair replaced by its block's unit and each lone
    /// surrogate by U+FFFD; the same string when it has no surrogate.
    /// </summary>
    public string Map(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return text;
        }

        var mapped = new StringBuilder(text.Length).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                mapped.Append((char)(0xD800 + Block(char.ConvertToUtf32(c, text[++i]))));
            }
            else
            {
                mapped.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return mapped.ToString();
    }

    private int Block(int codePoint)
    {
        var run = Array.BinarySearch(_starts, codePoint);
        return _blocks[run >= 0 ? run : ~run - 1];
    }
}
