using Tollgate.Policies.Custom;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>
/// A Unicode class as <c>matches()</c> runs it, held to its table: each range's first and last code point match
/// <c>\p{NAME}</c> (and neither <c>\P{NAME}</c> nor <c>[^\p{NAME}]</c>), and the code point just outside each end matches
/// as its own membership says, so the units naming code points above FFFF begin and end where the Unicode data says.
/// </summary>
internal static class UnicodeClassRanges
{
    public static void MatchTheirEndsAndNotTheirNeighbours(string name, CodePointSet set)
    {
        var (inside, outside, inBrackets) = (Re2Matcher.For($"^\\p{{{name}}}$"), Re2Matcher.For($"^\\P{{{name}}}$"), Re2Matcher.For($"^[^\\p{{{name}}}]$"));
        foreach (var (first, last) in set.Ranges)
        {
            foreach (var member in new[] { first, last })
            {
                (inside.IsMatch(Text(member)), outside.IsMatch(Text(member)), inBrackets.IsMatch(Text(member))).ShouldBe((true, false, false), $"{name} U+{member:X4}");
            }

            foreach (var neighbour in new[] { first - 1, last + 1 }.Where(c => c is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF)))
            {
                var member = set.Contains(neighbour);
                (inside.IsMatch(Text(neighbour)), outside.IsMatch(Text(neighbour))).ShouldBe((member, !member), $"{name} U+{neighbour:X4}");
            }
        }
    }

    private static string Text(int codePoint) => char.ConvertFromUtf32(codePoint);
}
