using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Tests;

/// <summary>
/// Hostile nesting is refused with the position where the limit was hit, never a stack overflow. Each test runs on a
/// thread with a 1 MB stack, so a parser that recursed per level would crash the test run instead of failing.
/// </summary>
public sealed class NestingLimitTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "nested objects", "x = " + Repeat("{a=", 5_000) + "1" + Repeat("}", 5_000) + "\n" },
        { "nested templates", "x = " + Repeat("\"${", 5_000) + "1" + Repeat("}\"", 5_000) + "\n" },
        { "nested parentheses", "x = " + Repeat("(", 10_000) + "1" + Repeat(")", 10_000) + "\n" },
        { "nested dynamic blocks", Repeat("dynamic \"d\" {\ncontent {\n", 10_000) + Repeat("}\n}\n", 10_000) },
        { "nested lists", "x = " + Repeat("[", 10_000) + Repeat("]", 10_000) + "\n" },
        { "operator chain", "x = 1" + Repeat(" + 1", 100_000) + "\n" },
        { "unary chain", "x = " + Repeat("!", 100_000) + "true\n" },
        { "conditional chain", "x = " + Repeat("a ? b : ", 100_000) + "c\n" },
        { "attribute chain", "x = a" + Repeat(".b", 100_000) + "\n" },
        { "splat chain", "x = a[*]" + Repeat(".b", 100_000) + "\n" },
        { "template directives", "x = \"" + Repeat("%{ if a }", 5_000) + Repeat("%{ endif }", 5_000) + "\"\n" },
        { "unclosed templates", "x = " + Repeat("\"${", 100_000) + "\n" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Parse_HostileNesting_RefusedWithPositionNotStackOverflow(string shape, string text)
    {
        var error = OnSmallStack(() => HclParser.Parse("deep.tf", text));

        error.ShouldNotBeNull(shape);
        error.Message.ShouldStartWith("deep.tf:");
        error.Position.Line.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Parse_NestingJustBelowTheLimit_IsRead()
    {
        var depth = NestingDepth.Limit - 2;
        var text = "x = " + Repeat("[", depth) + Repeat("]", depth) + "\n";

        OnSmallStack(() => HclParser.Parse("ok.tf", text)).ShouldBeNull();
    }

    [Fact]
    public void Parse_DeepNestingError_NamesTheLine()
    {
        var text = "a = 1\n\nx = " + Repeat("(", 1_000) + "1" + Repeat(")", 1_000) + "\n";

        var error = OnSmallStack(() => HclParser.Parse("deep.tf", text))!;

        error.Position.Line.ShouldBe(3);
        error.Message.ShouldContain("nesting deeper than");
    }

    private static HclSyntaxException? OnSmallStack(Action parse)
    {
        HclSyntaxException? caught = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    parse();
                }
                catch (HclSyntaxException e)
                {
                    caught = e;
                }
            },
            maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        return caught;
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
