using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Tests.Reports;

/// <summary>
/// What a terminal line may show of user text: letters of every script, emoji and U+FFFD as they are; control
/// characters and the bidi controls, which would forge a line, recolour it or show it in another order, escaped.
/// </summary>
public sealed class TextSafeTests
{
    [Theory]
    [InlineData("fraud@2 passed")]
    [InlineData("Zoë Ngô, 山田, محمد, דוד")]
    [InlineData("👩‍💻 deploy ✅ €")]
    [InlineData("bad byte: \ufffd")]
    public void Line_OrdinaryText_Unchanged(string text)
    {
        TextSafe.Line(text).ShouldBeSameAs(text);
    }

    [Theory]
    [InlineData("a\nb\rc\td", "a\\nb\\rc\\td")]
    [InlineData("\u001b[31mred\u007f\u009b2J", "\\u001b[31mred\\u007f\\u009b2J")]
    [InlineData("x\u2028y\u2029z\u0085", "x\\u2028y\\u2029z\\u0085")]
    [InlineData("\u202eSSAP\u202c \u2066i\u2069 \u200e\u200f\u061c \u202a\u202b\u202d \u2067\u2068", "\\u202eSSAP\\u202c \\u2066i\\u2069 \\u200e\\u200f\\u061c \\u202a\\u202b\\u202d \\u2067\\u2068")]
    public void Line_ControlAndBidiCharacters_ShownEscaped(string text, string shown)
    {
        // Before: the bidi controls (Unicode format characters, not controls) were shown raw, so "\u202eSSAP" read "PASS".
        TextSafe.Line(text).ShouldBe(shown);
    }
}
