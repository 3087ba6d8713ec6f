using System.Diagnostics;
using CsCheck;
using Tollgate.Policies.Custom;
using Tollgate.Testing;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>
/// RE2's Unicode script classes in <c>matches()</c> (<c>\p{Greek}</c>, <c>\P{Greek}</c>, <c>[\p{Greek}\d]</c>:
/// https://github.com/google/re2/wiki/Syntax): the code points Unicode's Scripts.txt assigns to the script, each
/// character one character whether or not it is above FFFF (two UTF-16 units in .NET).
/// </summary>
public sealed class UnicodeScriptTests
{
    [Theory]
    [InlineData("^\\p{Greek}+$", "αβγ", true)]
    [InlineData("^\\p{Greek}$", "ἀ", true)] // U+1F00, Greek Extended: not in .NET's \p{IsGreek} block
    [InlineData("^\\p{Greek}$", "Ϣ", false)] // U+03E2 COPTIC CAPITAL LETTER SHEI: in that block, of the Coptic script
    [InlineData("^\\p{Greek}$", "Ω", true)] // U+2126 OHM SIGN, in Letterlike Symbols
    [InlineData("^\\p{Greek}$", "𝈀", true)] // U+1D200 GREEK VOCAL NOTATION SYMBOL-1, above FFFF
    [InlineData("^\\p{Greek}+$", "abc", false)]
    [InlineData("^\\p{Cyrillic}+$", "Жизнь", true)]
    [InlineData("^\\p{Cyrillic}$", "ᲀ", true)] // U+1C80, Cyrillic Extended-C
    [InlineData("^\\p{Cyrillic}$", "z", false)]
    [InlineData("^\\p{Han}+$", "漢字", true)]
    [InlineData("^\\p{Han}$", "𠀀", true)] // U+20000, CJK Extension B
    [InlineData("^\\p{Han}$", "々", true)] // U+3005 is Han, U+3006 beside it Common
    [InlineData("^\\p{Han}$", "〆", false)]
    [InlineData("^\\p{Han}$", "か", false)]
    [InlineData("^\\p{Hiragana}$", "か", true)]
    [InlineData("^\\p{Gothic}$", "𐌰", true)] // U+10330, a script wholly above FFFF
    [InlineData("^\\p{Gothic}$", "a", false)]
    [InlineData("^\\p{Gothic}$", "𐍋", false)] // U+1034B, unassigned, after Gothic's last letter
    [InlineData("^\\p{Latin}$", "\u212A", true)] // KELVIN SIGN
    [InlineData("^\\p{Old_Italic}$", "𐌀", true)]
    [InlineData("^\\p{Common}$", "😀", true)]
    [InlineData("^\\p{Inherited}$", "\u0301", true)]
    public void Script_MatchesItsCodePoints(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("^\\P{Greek}+$", "abc", true)]
    [InlineData("^\\P{Greek}+$", "aβ", false)]
    [InlineData("^\\P{Greek}$", "😀", true)] // one character, not two units
    [InlineData("^\\P{Greek}$", "𝈀", false)]
    [InlineData("^\\p{^Greek}$", "a", true)]
    [InlineData("^\\P{^Greek}$", "α", true)]
    [InlineData("^\\P{Han}$", "𠀀", false)]
    [InlineData("^\\P{Han}{2}$", "a😀", true)]
    public void Script_Negated_MatchesEveryOtherCodePoint(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("^[\\p{Greek}\\d]+$", "α1", true)]
    [InlineData("^[\\p{Greek}\\d]+$", "a1", false)]
    [InlineData("^[\\p{Greek}\\d]+$", "𝈀1", true)]
    [InlineData("^[\\p{Greek}\\p{Cyrillic}_]+$", "αж_", true)]
    [InlineData("^[^\\p{Greek}]$", "a", true)]
    [InlineData("^[^\\p{Greek}]$", "α", false)]
    [InlineData("^[^\\p{Greek}]$", "😀", true)]
    [InlineData("^[^\\p{Greek}]$", "𝈀", false)]
    [InlineData("^[^\\p{Greek}a]$", "a", false)]
    [InlineData("^[\\P{Greek}]$", "α", false)]
    [InlineData("^[\\P{Greek}]$", "😀", true)]
    [InlineData("^[\\p{Gothic}]+$", "𐌰𐌱", true)]
    [InlineData("^[[:digit:]\\p{Han}]+$", "第2", true)]
    [InlineData("(?i)^[\\p{Greek}x]+$", "αX", true)]
    public void Script_InsideBrackets_IsAMemberAsRe2ReadsIt(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("^\\p{Any}$", "😀", true)] // before: [\s\S], one UTF-16 unit
    [InlineData("^[\\p{Any}]$", "x", true)] // before: the class, then a literal ]
    [InlineData("^[😀]$", "😀", true)]
    [InlineData("[😀]", "🙏", false)] // before: a class of two units, the first shared with 🙏
    [InlineData("^[^😀]$", "😃", true)]
    [InlineData("^[^😀]$", "😀", false)]
    [InlineData("^[\\x{1F600}a]+$", "a😀", true)] // before: refused
    [InlineData("^[😀-🙏]+$", "😃🙏", true)] // a range above FFFF, before: refused
    [InlineData("^[😀-🙏]$", "🚀", false)] // U+1F680, after the range
    [InlineData("^[a\\x{1F600}-\\x{1F64F}]+$", "a😀", true)]
    [InlineData("^[^a\\x{1F600}-\\x{1F64F}]$", "😃", false)]
    [InlineData("^[^a\\x{1F600}-\\x{1F64F}]$", "🚀", true)]
    [InlineData("^[a-\\x{10FFFF}]$", "😃", true)] // a range from a letter to the last code point
    [InlineData("^[a-\\x{10FFFF}]$", "A", false)]
    [InlineData("^[^\\p{Greek}\\pL]$", "1", true)] // a category and a script in [^…], before: refused
    [InlineData("^[^\\p{Greek}\\pL]$", "𝈀", false)]
    [InlineData("^[^\\p{Greek}\\pL]$", "😀", true)]
    public void AboveFFFF_InsideBrackets_IsOneCharacter(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("\\p{Grek}", "\\p{Grek} is not a Unicode class RE2 knows; did you mean \\p{Greek}?")]
    [InlineData("\\p{greek}", "\\p{greek} is not a Unicode class RE2 knows; did you mean \\p{Greek}?")]
    [InlineData("\\p{IsGreek}", "\\p{IsGreek} is not a Unicode class RE2 knows; did you mean \\p{Greek}?")]
    [InlineData("[\\P{Cyrilic}]", "\\P{Cyrilic} is not a Unicode class RE2 knows; did you mean \\P{Cyrillic}?")]
    [InlineData("\\p{^Grek}", "\\p{^Grek} is not a Unicode class RE2 knows; did you mean \\p{^Greek}?")]
    [InlineData("\\p{Old Italic}", "\\p{Old Italic} is not a Unicode class RE2 knows; did you mean \\p{Old_Italic}?")]
    [InlineData("\\pX", "\\pX is not a Unicode class RE2 knows (general categories such as L or Nd, scripts such as Greek or Han: https://github.com/google/re2/wiki/Syntax)")]
    [InlineData("\\p{Klingon}", "\\p{Klingon} is not a Unicode class RE2 knows (general categories such as L or Nd, scripts such as Greek or Han: https://github.com/google/re2/wiki/Syntax)")]
    [InlineData("[🙏-😀]", "the range U+1F64F-U+1F600 inside brackets runs backwards, which RE2 refuses")]
    [InlineData("[😀-a]", "the range U+1F600-U+0061 inside brackets runs backwards, which RE2 refuses")]
    // RE2: bad repetition operator; before, found only when evaluated. In Tollgate's words, not the runtime's message
    // (a resource key in the Native AOT binary: "MakeException, a**, 3, NestedQuantifiersNotParenthesized, *").
    [InlineData("a**", "a repeat of a repeat (a** or a+{2}), which RE2 refuses; group what repeats first: (?:a+){2}")]
    [InlineData("a+{2}", "a repeat of a repeat (a** or a+{2}), which RE2 refuses; group what repeats first: (?:a+){2}")]
    [InlineData("*a", "a repeat (*, +, ? or {n}) with nothing before it to repeat, which RE2 refuses")]
    [InlineData("a)", "a ) has no opening (")]
    [InlineData("(a", "a ( has no closing )")]
    [InlineData("a{3,2}", "a repeat {n,m} whose n is above its m, which RE2 refuses")]
    [InlineData("[z-a]", "the range U+007A-U+0061 inside brackets runs backwards, which RE2 refuses")]
    public void Pattern_NotMatchable_RefusedAtLoadNamingIt(string pattern, string problem) =>
        CelExpression.Check($"plan.name == \"never\" && plan.name.matches(r'{pattern}')", Sample()).ShouldBe($"when matches() pattern '{pattern}': {problem}");

    [Fact]
    public void EveryScript_MatchesItsRangeEndsAndNotTheirNeighbours()
    {
        foreach (var name in UnicodeScripts.Names)
        {
            UnicodeClassRanges.MatchTheirEndsAndNotTheirNeighbours(name, UnicodeScripts.Of(name)!);
        }
    }

    [Fact]
    public void Script_RepeatedHundredsOfTimes_BuildsAndCountsCharacters()
    {
        // Each Han character is one unit of the mapped text and \p{Han} one class: 400 of them are 400 nodes of .NET's
        // linear-time engine. Before, as some thirty alternatives of surrogate pairs each, they were refused at load.
        var han = string.Concat(Enumerable.Repeat("漢𠀀", 200));

        (Match("^\\p{Han}{400}$", han), Match("^\\p{Han}{400}$", han + "𠀀"), Match("^\\p{Han}{400}$", han[1..])).ShouldBe((true, false, false));
    }

    [Fact]
    public void Pattern_BeyondTheLinearEnginesSize_RefusedAtLoad()
    {
        // Eleven .{1000} in a row are 11,000 nodes, past the 10,000 .NET's linear-time engine builds (RE2 accepts it):
        // refused when the policy loads, in Tollgate's words, not at each evaluation.
        var pattern = string.Concat(Enumerable.Repeat(".{1000}", 11));

        var problem = CelExpression.Check($"plan.name == \"never\" && plan.name.matches(r'{pattern}')", Sample());

        problem.ShouldNotBeNull();
        problem.ShouldBe($"when matches() pattern '{pattern}': too large for the linear-time engine that runs it here (more than 10,000 nodes once its repeats and classes are written out; RE2 takes it): repeat it fewer times");
    }

    [Fact]
    public void Fuzz_ScriptPatterns_MatchOrAreRefusedNeverThrow()
    {
        const string seed = "^[\\p{Greek}\\d😀]+\\P{Han}(?i:[^\\p{Cyrillic}\\x{1F600}_])\\p{^Gothic}{1,3}[\\PN\\p{Any}]$";
        var expression = CelExpression.Compile("plan.name.matches(plan.pattern)", Sample());
        Fuzz.Mutations(seed).Sample(
            pattern =>
            {
                var variables = Sample("α1😀b𐌰");
                ((Dictionary<string, object?>)variables["plan"]!)["pattern"] = pattern;
                var outcome = expression.Evaluate(variables);
                return outcome.Value is not null || outcome.Error is not null;
            },
            iter: Fuzz.Iterations(1_000));
    }

    [Fact]
    public void UnicodeVersion_IsTheTablesSource() => UnicodeScripts.UnicodeVersion.ShouldBe("15.0.0");

    [Fact]
    public void Matches_BacktrackingPatternOnNonAsciiText_StopsAtTheTimeLimit()
    {
        // A word boundary on text outside ASCII runs on the backtracking engine: (a+)+ is exponential there, and the
        // limit set when the pattern is built stops it.
        var expression = CelExpression.Compile("plan.name.matches(r'^(a+)+\\bb')", Sample());
        var clock = Stopwatch.StartNew();

        var outcome = expression.Evaluate(Sample(new string('a', 40) + "é"));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        outcome.Value.ShouldBeNull();
        outcome.Error.ShouldBe("matches() ran longer than 200 ms");
    }

    private static bool? Match(string pattern, string text)
    {
        var outcome = CelExpression.Compile($"plan.name.matches(r'{pattern}')", Sample()).Evaluate(Sample(text));
        outcome.Error.ShouldBeNull();
        return outcome.Value;
    }

    private static Dictionary<string, object?> Sample(string name = "sample") =>
        new() { ["plan"] = new Dictionary<string, object?> { ["name"] = name, ["pattern"] = "x" } };
}
