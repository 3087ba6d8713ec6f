using System.Globalization;
using Tollgate.Policies.Custom;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>
/// RE2's general categories in <c>matches()</c> (<c>\pL</c>, <c>\p{Lu}</c>, <c>\p{Nd}</c>, <c>\PL</c>, <c>\p{^L}</c>:
/// https://github.com/google/re2/wiki/Syntax, "Unicode character class names--general category"): the code points
/// Unicode 15.0's UnicodeData.txt gives the category, as in Go's <c>unicode</c> tables, which cel-go's <c>matches</c>
/// reads since Go 1.21. Each character is one character whether or not it is above FFFF. The expected answers are the
/// categories UnicodeData.txt 15.0.0 gives (Debian's unicode-data): <c>10330;GOTHIC LETTER AHSA;Lo</c>,
/// <c>1D7CE;MATHEMATICAL BOLD DIGIT ZERO;Nd</c>, <c>10400;DESERET CAPITAL LETTER LONG I;Lu</c>,
/// <c>10428;DESERET SMALL LETTER LONG I;Ll</c>, <c>1F600;GRINNING FACE;So</c>, <c>00AD;SOFT HYPHEN;Cf</c>,
/// <c>1171E;AHOM CONSONANT SIGN MEDIAL RA;Mn</c>; U+0378 and U+A7CB are not in it (unassigned in 15.0).
/// </summary>
public sealed class UnicodeCategoryTests
{
    [Theory]
    [InlineData("^\\pL$", "𐌰", true)] // before: false, .NET's \p{L} saw two units
    [InlineData("^\\p{L}$", "𐌰", true)]
    [InlineData("^\\pL+$", "a𐌰é", true)]
    [InlineData("^\\pL$", "1", false)]
    [InlineData("^\\p{Lo}$", "𐌰", true)]
    [InlineData("^\\p{Lu}$", "𐐀", true)]
    [InlineData("^\\p{Lu}$", "𐐨", false)]
    [InlineData("^\\p{Ll}$", "𐐨", true)]
    [InlineData("^\\p{Nd}$", "𝟎", true)] // U+1D7CE
    [InlineData("^\\p{Nd}$", "٣", true)] // U+0663: a decimal digit, though not RE2's ASCII \d
    [InlineData("^\\pN$", "𝟎", true)]
    [InlineData("^\\p{So}$", "😀", true)]
    [InlineData("^\\pS$", "😀", true)]
    [InlineData("^\\p{Cf}$", "\u00AD", true)]
    [InlineData("^\\pC$", "\u0378", false)] // unassigned: Go's C is Cc, Cf, Co and Cs; .NET's \p{C} holds Cn too
    [InlineData("^\\p{Co}$", "\uE000", true)]
    [InlineData("^\\p{Lu}$", "\uA7CB", false)] // unassigned in 15.0; .NET 10's \p{Lu} (Unicode 16.0) holds it
    [InlineData("^\\p{Mn}$", "\U0001171E", true)] // Mn in 15.0, Mc in 16.0
    [InlineData("^\\p{Mc}$", "\U0001171E", false)]
    [InlineData("^\\pL{3}$", "a𐌰b", true)] // a repeat counts characters, not UTF-16 units
    [InlineData("^\\pL{4}$", "a𐌰b", false)]
    public void Category_MatchesItsCodePointsAsOneCharacter(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("^\\PL$", "😀", true)] // before: false, two units
    [InlineData("^\\PL$", "𐌰", false)]
    [InlineData("^\\PL\\PL$", "😀", false)] // before: true, one unit each
    [InlineData("^\\p{^L}$", "😀", true)]
    [InlineData("^\\P{^L}$", "𐌰", true)]
    [InlineData("^\\P{Nd}+$", "a😀", true)]
    [InlineData("^\\P{Nd}$", "𝟎", false)]
    [InlineData("^\\PL$", "\uA7CB", true)] // not a letter in 15.0
    [InlineData("^\\P{Cs}$", "😀", true)] // no surrogate is a character: \P{Cs} is every one
    public void Category_Negated_MatchesEveryOtherCodePoint(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    [InlineData("^[\\pL]$", "𐌰", true)]
    [InlineData("^[\\pL\\d_]+$", "𐌰1_a", true)]
    [InlineData("^[\\p{Nd}a]+$", "𝟎a", true)]
    [InlineData("^[^\\pL]$", "𐌰", false)]
    [InlineData("^[^\\pL]$", "😀", true)]
    [InlineData("^[^\\pL]$", "1", true)]
    [InlineData("^[^\\pL]{2}$", "😀", false)]
    [InlineData("^[\\PL]$", "😀", true)]
    [InlineData("^[\\PL]$", "𐌰", false)]
    [InlineData("^[\\PLa]$", "a", true)]
    [InlineData("^[^\\PL]$", "𐌰", true)]
    [InlineData("^[^\\PL]$", "😀", false)]
    [InlineData("^[\\p{Lu}\\p{Nd}]+$", "𐐀𝟎", true)]
    [InlineData("^[^\\p{Lu}\\p{Nd}]$", "𐐨", true)]
    public void Category_InsideBrackets_IsAMemberAsRe2ReadsIt(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Theory]
    // RE2 folds a class under (?i) (Go's regexp/syntax adds unicode.FoldCategory): \p{Lu} then holds the lower case
    // letters too, and \P{Lu} excludes both cases.
    [InlineData("(?i)^\\p{Lu}$", "a", true)]
    [InlineData("(?i)^\\P{Lu}$", "a", false)]
    [InlineData("(?i)^[\\P{Lu}]$", "a", false)]
    [InlineData("(?i)^\\P{Lu}$", "1", true)]
    public void Category_CaseInsensitive_FoldsBeforeNegating(string pattern, string text, bool expected) => Match(pattern, text).ShouldBe(expected);

    [Fact]
    public void EveryCategory_MatchesItsRangeEndsAndNotTheirNeighbours()
    {
        foreach (var name in UnicodeCategories.Names)
        {
            UnicodeClassRanges.MatchTheirEndsAndNotTheirNeighbours(name, UnicodeCategories.Of(name)!);
        }
    }

    [Fact]
    public void EveryCodePoint_InTheCategoryDotNetGives_ButWhereUnicodeChangedSince15()
    {
        // .NET's own tables are of a later Unicode (16.0 in .NET 10): every code point the table gives a category has
        // the same one there, but for U+1171E (Mn in 15.0, Mc in 16.0); what 15.0 leaves unassigned has no category here.
        var categories = UnicodeCategories.Names.Where(n => n.Length == 2).ToDictionary(n => n, n => UnicodeCategories.Of(n)!);
        var differing = new List<string>();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            var ours = categories.Where(c => c.Value.Contains(codePoint)).Select(c => c.Key).ToList();
            var dotNet = Abbreviation(CharUnicodeInfo.GetUnicodeCategory(codePoint));
            if (ours.Count > 1 || (ours.Count == 1 && ours[0] != dotNet))
            {
                differing.Add($"U+{codePoint:X4} {string.Join('/', ours)} {dotNet}");
            }
        }

        differing.ShouldBe(["U+1171E Mn Mc"]);
        categories["Cs"].Ranges.ShouldBeEmpty(); // surrogates are no characters in RE2's UTF-8 text
    }

    [Fact]
    public void OneLetterCategory_IsTheUnionOfItsTwoLetterOnes()
    {
        foreach (var major in "CLMNPSZ")
        {
            var union = CodePointSet.Union(UnicodeCategories.Names.Where(n => n.Length == 2 && n[0] == major).Select(n => UnicodeCategories.Of(n)!));

            UnicodeCategories.Of(major.ToString())!.Ranges.ShouldBe(union.Ranges, major.ToString());
        }
    }

    [Fact]
    public void UnicodeVersion_IsTheTablesSource() => UnicodeCategories.UnicodeVersion.ShouldBe(UnicodeScripts.UnicodeVersion);

    private static string Abbreviation(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => "Lu", UnicodeCategory.LowercaseLetter => "Ll", UnicodeCategory.TitlecaseLetter => "Lt",
        UnicodeCategory.ModifierLetter => "Lm", UnicodeCategory.OtherLetter => "Lo", UnicodeCategory.NonSpacingMark => "Mn",
        UnicodeCategory.SpacingCombiningMark => "Mc", UnicodeCategory.EnclosingMark => "Me", UnicodeCategory.DecimalDigitNumber => "Nd",
        UnicodeCategory.LetterNumber => "Nl", UnicodeCategory.OtherNumber => "No", UnicodeCategory.SpaceSeparator => "Zs",
        UnicodeCategory.LineSeparator => "Zl", UnicodeCategory.ParagraphSeparator => "Zp", UnicodeCategory.Control => "Cc",
        UnicodeCategory.Format => "Cf", UnicodeCategory.Surrogate => "Cs", UnicodeCategory.PrivateUse => "Co",
        UnicodeCategory.ConnectorPunctuation => "Pc", UnicodeCategory.DashPunctuation => "Pd", UnicodeCategory.OpenPunctuation => "Ps",
        UnicodeCategory.ClosePunctuation => "Pe", UnicodeCategory.InitialQuotePunctuation => "Pi", UnicodeCategory.FinalQuotePunctuation => "Pf",
        UnicodeCategory.OtherPunctuation => "Po", UnicodeCategory.MathSymbol => "Sm", UnicodeCategory.CurrencySymbol => "Sc",
        UnicodeCategory.ModifierSymbol => "Sk", UnicodeCategory.OtherSymbol => "So", _ => "Cn",
    };

    private static bool? Match(string pattern, string text)
    {
        var outcome = CelExpression.Compile($"plan.name.matches(r'{pattern}')", Sample()).Evaluate(Sample(text));
        outcome.Error.ShouldBeNull();
        return outcome.Value;
    }

    private static Dictionary<string, object?> Sample(string name = "sample") =>
        new() { ["plan"] = new Dictionary<string, object?> { ["name"] = name, ["pattern"] = "x" } };
}
