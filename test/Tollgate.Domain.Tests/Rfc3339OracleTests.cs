using CsCheck;

namespace Tollgate.Domain.Tests;

/// <summary>
/// The hand-written <see cref="Rfc3339.TryParse(string, out DateTimeOffset)"/> accepts exactly what the regular expression
/// it replaced accepted (<see cref="Rfc3339Oracle"/>), with the same instant and offset: on a table of edge cases, on
/// generated times of every shape (valid or not: month 13, 30 February, hour 24, offset +14:01, Arabic-Indic digits,
/// years 0000 and 9999 pushed out of range by an offset), and on random edits of them.
/// </summary>
public sealed class Rfc3339OracleTests
{
    /// <summary>Characters that matter to the grammar, and a few that look like them (Arabic-Indic three, fullwidth zero, no-break space).</summary>
    private const string Alphabet = "0123456789-:.TtZz+ \t\n\u0663\uFF10\u00A0x/";

    [Theory]
    [InlineData("2026-11-01T10:30:00Z")]
    [InlineData("  2026-11-01t10:30:00z \n")]
    [InlineData("2026-11-01 10:30")]
    [InlineData("2026-11-01T10:30+01:00")]
    [InlineData("2026-11-01T10:30:00.1234567891234-0530")]
    [InlineData("2026-11-01T10:30:00.1234567\u0663\u0663Z")] // past 100 ns, any decimal digit is cut unread, as before
    [InlineData("2026-11-01T10:30:00.12\u0663Z")]
    [InlineData("2026-11-01T10:30:00.Z")]
    [InlineData("2026-11-01T10:30:60Z")]
    [InlineData("2026-11-01T24:00:00Z")]
    [InlineData("2024-02-29")]
    [InlineData("2026-02-29")]
    [InlineData("0000-01-01")]
    [InlineData("0001-01-01T00:00:00+00:01")]
    [InlineData("0001-01-01T00:00:00-00:01")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31T23:59:59-00:01")]
    [InlineData("2026-11-01T10:30:00+14:00")]
    [InlineData("2026-11-01T10:30:00+14:01")]
    [InlineData("2026-11-01T10:30:00-14:00")]
    [InlineData("2026-11-01T10:30:00+05:60")]
    [InlineData("2026-11-01T10:30:00+5:00")]
    [InlineData("2026-11-01T10:30:00+05:0")]
    [InlineData("2026-11-01T10:30:00+05:000")]
    [InlineData("2026-11-01T10:30:00ZZ")]
    [InlineData("2026-11-01T")]
    [InlineData("2026-11-01T10")]
    [InlineData("2026-11-01T10:3")]
    [InlineData("2026-11-0\u0663")]
    [InlineData("\uFF12026-11-01")]
    [InlineData("2026-11-01\u00A0")]
    [InlineData("")]
    [InlineData("12/03/2024")]
    public void TryParse_EdgeCase_SameAsTheRegularExpression(string text)
    {
        Same(text).ShouldBeTrue(Describe(text));
    }

    [Fact]
    public void TryParse_GeneratedTimes_SameAsTheRegularExpression()
    {
        Times.Sample(Same, iter: 200_000);
    }

    [Fact]
    public void TryParse_EditedTimes_SameAsTheRegularExpression()
    {
        Gen.Select(Times, Edit.Array[1, 3])
            .Select((text, edits) => edits.Aggregate(text, Apply))
            .Sample(Same, iter: 200_000);
    }

    [Fact]
    public void TryParse_RandomText_SameAsTheRegularExpression()
    {
        Gen.Char[Alphabet].Array[0, 40].Select(chars => new string(chars)).Sample(Same, iter: 100_000);
    }

    [Fact]
    public void TryParse_GeneratedTimes_SomeValidSomeNot()
    {
        // the generator reaches both sides, so the comparisons above are not all of refusals (or all of times)
        Times.Array[1_000].Sample(texts => texts.Count(text => Rfc3339Oracle.TryParse(text, out _)) is >= 100 and <= 900, iter: 20);
    }

    /// <summary>Dates, times, fractions and zones near every edge of the grammar, each part sometimes out of range.</summary>
    private static readonly Gen<string> Times =
        Gen.Select(
            Gen.OneOf(Gen.Const(0), Gen.Const(1), Gen.Const(9999), Gen.Int[1, 9999]),
            Gen.Int[0, 13],
            Gen.Int[0, 32],
            Gen.OneOf(Gen.Const(""), Gen.Select(Gen.Char["Tt x"], Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[-1, 61], Gen.Int[-1, 12], Gen.Int[0, 9]).Select(Clock)),
            Gen.OneOf(Gen.Const(""), Gen.Const("Z"), Gen.Const("z"), Gen.Select(Gen.Char["+-"], Gen.Int[0, 15], Gen.Int[0, 61], Gen.Bool).Select(Zone)),
            Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("\n")))
        .Select((year, month, day, clock, zone, space) => $"{space}{year:D4}-{month:D2}-{day:D2}{clock}{(clock.Length > 0 ? zone : "")}{space}");

    /// <summary>An edit: (kind, position, character) - replace, insert or delete one character, or cut the rest.</summary>
    private static readonly Gen<(int Kind, int At, char With)> Edit = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 40], Gen.Char[Alphabet]);

    private static string Clock(char separator, int hour, int minute, int second, int fractionDigits, int digit)
    {
        var text = $"{separator}{hour:D2}:{minute:D2}";
        if (second >= 0)
        {
            text += $":{second:D2}";
            if (fractionDigits >= 0)
            {
                text += "." + new string((char)('0' + digit), fractionDigits);
            }
        }

        return text;
    }

    private static string Zone(char sign, int hours, int minutes, bool colon) => $"{sign}{hours:D2}{(colon ? ":" : "")}{minutes:D2}";

    private static string Apply(string text, (int Kind, int At, char With) edit)
    {
        var at = Math.Min(edit.At, text.Length);
        return edit.Kind switch
        {
            0 when at < text.Length => text[..at] + edit.With + text[(at + 1)..],
            1 => text.Insert(at, edit.With.ToString()),
            2 when at < text.Length => text.Remove(at, 1),
            _ => text[..at],
        };
    }

    private static bool Same(string text)
    {
        var expected = Rfc3339Oracle.TryParse(text, out var old);
        var actual = Rfc3339.TryParse(text, out var time);
        return expected == actual && time.UtcTicks == old.UtcTicks && time.Offset == old.Offset;
    }

    private static string Describe(string text)
    {
        var expected = Rfc3339Oracle.TryParse(text, out var old);
        var actual = Rfc3339.TryParse(text, out var time);
        return $"'{text}': regular expression {expected} {old:O}, hand-written {actual} {time:O}";
    }
}
