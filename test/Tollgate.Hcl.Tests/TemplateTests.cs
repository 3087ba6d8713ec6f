using Tollgate.Hcl.Expressions;

namespace Tollgate.Hcl.Tests;

public sealed class TemplateTests
{
    private static TemplateExpression Template(string hcl) =>
        HclParser.Parse("t.tf", hcl).Body.Attributes[0].Value.ShouldBeOfType<TemplateExpression>();

    [Fact]
    public void ParseTemplate_JsonStringWithSequencesAndBackslashes_ReadsReferencesAndKeepsBackslashes()
    {
        var template = HclParser.ParseTemplate("x.tf.json", "C:\\dir-${aws_vpc.main.id}%{ for s in var.subnets }${s}%{ endfor }");

        template.Parts[0].ShouldBeOfType<LiteralExpression>().Value.ShouldBe("C:\\dir-");
        Traversals.ReferenceCollector.Collect(template).Select(t => t.ToString()).ShouldBe(["aws_vpc.main.id", "var.subnets"]);
        HclParser.ParseTemplate("x.tf.json", "$${literal}").LiteralValue.ShouldBe("${literal}");
    }

    [Fact]
    public void ParseTemplate_UnclosedSequence_IsASyntaxErrorInTheString()
    {
        Should.Throw<Syntax.HclSyntaxException>(() => HclParser.ParseTemplate("x.tf.json", "a-${var.x")).Message.ShouldStartWith("x.tf.json:1:");
    }

    [Fact]
    public void Parse_QuotedEscapes_AreDecoded()
    {
        Template("a = \"tab\\tquote\\\" \\u00e9 $${literal} %%{x}\"\n").LiteralValue
            .ShouldBe("tab\tquote\" é ${literal} %{x}");
    }

    [Theory]
    [InlineData("\\ud800", "invalid escape sequence \\ud800: cannot encode character U+D800 in UTF-8 (a UTF-16 surrogate is no character)")]
    [InlineData("\\uDC00", "invalid escape sequence \\uDC00: cannot encode character U+DC00 in UTF-8 (a UTF-16 surrogate is no character)")]
    [InlineData("\\uD83D\\uDE00", "invalid escape sequence \\uD83D: cannot encode character U+D83D in UTF-8 (a UTF-16 surrogate is no character)")]
    [InlineData("\\U00110000", "invalid escape sequence \\U00110000: cannot encode character U+110000 in UTF-8 (Unicode ends at U+10FFFF)")]
    [InlineData("\\UFFFFFFFF", "invalid escape sequence \\UFFFFFFFF: cannot encode character U+FFFFFFFF in UTF-8 (Unicode ends at U+10FFFF)")]
    public void Parse_EscapeOfNoCharacter_SyntaxErrorAtTheEscape(string escape, string message)
    {
        // As HashiCorp's HCL ("Invalid escape sequence: Cannot encode character U+d800 in UTF-8"), a surrogate pair written
        // as two escapes too; before, an internal error (ArgumentOutOfRangeException).
        var error = Should.Throw<Syntax.HclSyntaxException>(() => HclParser.Parse("main.tf", $"resource \"a\" \"b\" {{\n  x = \"ab{escape}\"\n}}\n"));

        error.Message.ShouldBe($"main.tf:2:10: {message}");
    }

    [Fact]
    public void Parse_EscapeOfTheLastCharacter_IsDecoded()
    {
        Template("a = \"\\U0010FFFF \\U0001F600\"\n").LiteralValue.ShouldBe("\U0010FFFF \U0001F600");
    }

    [Fact]
    public void Parse_InterpolationWithNestedStringAndBraces_IsOneExpression()
    {
        var template = Template("a = \"x-${lookup({ k = \"}\" }, \"k\")}-y\"\n");

        template.Parts.Count.ShouldBe(3);
        template.Parts[1].ShouldBeOfType<FunctionCallExpression>().Name.ShouldBe("lookup");
        template.Parts[2].ShouldBeOfType<LiteralExpression>().Value.ShouldBe("-y");
    }

    [Fact]
    public void Parse_IndentedHeredoc_StripsCommonIndentation()
    {
        var template = Template("a = <<-EOT\n    hello\n      ${var.name}\n    bye\n    EOT\nb = 1\n");

        template.Parts[0].ShouldBeOfType<LiteralExpression>().Value.ShouldBe("hello\n  ");
        template.Parts[1].ShouldBeOfType<GetAttrExpression>().Name.ShouldBe("name");
        template.Parts[2].ShouldBeOfType<LiteralExpression>().Value.ShouldBe("\nbye\n");
    }

    [Fact]
    public void Parse_PlainHeredoc_KeepsTextAndBackslashes()
    {
        Template("a = <<EOF\n{\"path\": \"C:\\\\x\"}\nEOF\n").LiteralValue.ShouldBe("{\"path\": \"C:\\\\x\"}\n");
    }

    [Fact]
    public void Parse_Directives_NestIfElseAndFor()
    {
        var template = Template("a = \"%{ for ip in var.ips ~}\\n server ${ip}\\n%{ endfor ~}%{if var.x}yes%{else}no%{endif}\"\n");

        var loop = template.Parts[0].ShouldBeOfType<TemplateForExpression>();
        loop.ValueVariable.ShouldBe("ip");
        loop.Body.Parts[0].ShouldBeOfType<LiteralExpression>().Value.ShouldBe("server ");
        var branch = template.Parts[1].ShouldBeOfType<TemplateIfExpression>();
        branch.Then.LiteralValue.ShouldBe("yes");
        branch.Else!.LiteralValue.ShouldBe("no");
    }

    [Fact]
    public void Parse_UnclosedDirective_IsAnError()
    {
        Should.Throw<Syntax.HclSyntaxException>(() => Template("a = \"%{ if true }x\"\n")).Message.ShouldContain("endif");
    }
}
