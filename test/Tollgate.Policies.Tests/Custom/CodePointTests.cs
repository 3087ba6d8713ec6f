using CsCheck;
using Tollgate.Policies.Custom;
using Tollgate.Testing;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>
/// RE2 matches a string as code points (https://github.com/google/re2/wiki/Syntax: <c>.</c> is "any character, possibly
/// including newline (s=true)"; Go's regexp, which cel-go uses, steps through the text rune by rune), so a character
/// above FFFF, two UTF-16 units in .NET, is one character to <c>.</c>, <c>[^a]</c>, <c>\D</c> and to a repeat of them.
/// A lone surrogate, which a CEL string in cel-go cannot hold (Go's encoding/json reads one as U+FFFD), is read as U+FFFD.
/// </summary>
public sealed class CodePointTests
{
    [Theory]
    [InlineData("^.$", "😀", true)] // before: false, two units
    [InlineData("^..$", "😀", false)] // before: true
    [InlineData("^.{3}$", "a😀b", true)]
    [InlineData("^.{4}$", "a😀b", false)]
    [InlineData("^.+$", "𐌰😀𠀀", true)]
    [InlineData("^.$", "\n", false)]
    [InlineData("(?s)^.$", "\n", true)]
    [InlineData("^(?s:.)$", "\n", true)]
    [InlineData("^(?s:.).$", "\n\n", false)] // the flag holds inside its group only
    [InlineData("^[^a]$", "😀", true)] // before: false
    [InlineData("^[^a]{2}$", "😀", false)]
    [InlineData("^\\D$", "😀", true)]
    [InlineData("^\\W\\W$", "😀", false)]
    [InlineData("^\\S$", "𠀀", true)]
    [InlineData("^[[:^alpha:]]$", "😀", true)]
    [InlineData("^😀+$", "😀😀", true)] // before: the + repeated the second unit only
    [InlineData("^\\Q😀\\E{2}$", "😀😀", true)]
    [InlineData("^\\x{1F600}{2}$", "😀😀", true)]
    [InlineData("^a.b$", "a😀b", true)]
    public void AnyCharacter_AboveFFFF_IsOneCharacter(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    // <D800> stands for that lone unit: xUnit's test case data cannot carry a lone surrogate.
    [InlineData("^.$", "<D800>", true)] // a lone surrogate is one character, U+FFFD
    [InlineData("^\\x{FFFD}$", "<DC00>", true)]
    [InlineData("^\\p{So}$", "<D800>", true)] // U+FFFD REPLACEMENT CHARACTER is So
    [InlineData("^..$", "<DC00><D800>", true)] // a low then a high: two lone surrogates, not a pair
    [InlineData("^.$", "<DC00><D800>", false)]
    [InlineData("^a.$", "a<D83D>", true)]
    [InlineData("^<D800>$", "\uFFFD", true)] // in the pattern too
    [InlineData("\\x{D83D}", "😀", false)] // a surrogate code point matches nothing (RE2 reads UTF-8, which has none)
    [InlineData("^[\\x{D000}-\\x{E000}]$", "😀", false)] // a range over the surrogates holds none of them
    [InlineData("^[\\x{D000}-\\x{E000}]$", "\uE000", true)]
    [InlineData("^[^\\x{D000}-\\x{E000}]$", "😀", true)]
    [InlineData("^[^\\x{D000}-\\x{E000}]$", "\uD7FF", false)]
    public void Surrogates_AreNoCharacters(string pattern, string text, bool expected) => Match(Lone(pattern), Lone(text)).ShouldBe(expected);

    [Theory]
    // In RE2 a - is a range only between two characters: after a class it is a member (Go's regexp/syntax parseClass).
    [InlineData("^[\\d-z]$", "-", true)]
    [InlineData("^[\\d-z]$", "a", false)] // before: .NET read 0-9-z … as a range from 9
    [InlineData("^[[:blank:]-z]$", "a", false)] // before: true, a range from space to z
    [InlineData("^[[:blank:]-z]$", "-", true)]
    [InlineData("^[\\pL-1]$", "-", true)]
    [InlineData("^[a-c-e]$", "d", false)]
    [InlineData("^[a-c-e]$", "-", true)]
    [InlineData("^[-a]$", "-", true)]
    [InlineData("^[a-]$", "-", true)]
    public void Dash_InsideBrackets_IsARangeOnlyBetweenCharacters(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("(?m:x$)|y$", "y\n", false)] // (?m) holds inside its group: y$ is at the very end only
    [InlineData("(?m:y$)", "y\nz", true)]
    [InlineData("(?m)a(?-m:$)", "a\n", false)] // (?-m) inside: $ at the very end only
    public void MultiLineFlag_HoldsWhereRe2ScopesIt(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("[a-\\d]", "a range inside brackets cannot end at a class (\\d, \\pL, [:alpha:]), which RE2 refuses")]
    [InlineData("[a-\\pL]", "a range inside brackets cannot end at a class (\\d, \\pL, [:alpha:]), which RE2 refuses")]
    [InlineData("[\\Qab\\E]", "\\Q inside brackets is not RE2 syntax")]
    public void Pattern_NotRe2_RefusedAtLoadNamingIt(string pattern, string problem) =>
        CelExpression.Check($"plan.name == \"never\" && plan.name.matches(r'{pattern}')", Sample()).ShouldBe($"when matches() pattern '{pattern}': {problem}");

    [Fact]
    public void AnyCharacterRepeated_CountsCodePoints()
    {
        // Property: ^.{n}$ matches a string without newlines exactly when it holds n code points, whatever their planes,
        // a lone surrogate counting as one (U+FFFD); ^\PL*$ exactly when none is a letter as the category table says.
        var units = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['\u00C0', '\u024F'], Gen.Char['\uD800', '\uDFFF'], Gen.Char['\uE000', '\uFFFF'],
            Gen.Int[0x10000, 0x10FFFF].Select(c => char.ConvertFromUtf32(c)[0]), Gen.Const('1'));
        var letters = UnicodeCategories.Of("L")!;
        Gen.Select(Gen.OneOf(units.Array[0, 12].Select(a => new string(a)), Gen.Int[0x10000, 0x10FFFF].Array[0, 6].Select(a => string.Concat(a.Select(char.ConvertFromUtf32)))), Gen.Int[0, 12])
            .Sample(
                (text, n) =>
                {
                    var codePoints = CodePoints(text);
                    return Match($"^.{{{n}}}$", text) == (codePoints.Count == n)
                        && Match("^\\PL*$", text) == codePoints.TrueForAll(c => !letters.Contains(c));
                },
                iter: Fuzz.Iterations(500));
    }

    /// <summary><paramref name="written"/> with each <c>&lt;D800&gt;</c> replaced by that UTF-16 unit.</summary>
    private static string Lone(string written) =>
        System.Text.RegularExpressions.Regex.Replace(written, "<(D[89A-F][0-9A-F]{2})>", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());

    /// <summary>The code points of <paramref name="text"/> as Go would see its UTF-8: a lone surrogate as U+FFFD.</summary>
    private static List<int> CodePoints(string text)
    {
        var codePoints = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            codePoints.Add(char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text[i], text[++i]) : char.IsSurrogate(text[i]) ? 0xFFFD : text[i]);
        }

        return codePoints;
    }

    /// <summary>
    /// What matches() answers. These tests are of what it matches, not of its time: a match the loaded machine starved
    /// past the time budget (wall-clock, 200 ms, seen in a CI run at load 30 on two cores) is asked again, up to three times.
    /// </summary>
    private static bool? Match(string pattern, string text)
    {
        var expression = CelExpression.Compile("plan.name.matches(plan.pattern)", Sample());
        var outcome = expression.Evaluate(Sample(text, pattern));
        for (var again = 0; again < 2 && outcome.Error is { } error && error.StartsWith("matches() ran longer than", StringComparison.Ordinal); again++)
        {
            outcome = expression.Evaluate(Sample(text, pattern));
        }

        outcome.Error.ShouldBeNull();
        return outcome.Value;
    }

    private static Dictionary<string, object?> Sample(string name = "sample", string pattern = "x") =>
        new() { ["plan"] = new Dictionary<string, object?> { ["name"] = name, ["pattern"] = pattern } };
}
