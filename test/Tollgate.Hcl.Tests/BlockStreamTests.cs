using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Tests;

/// <summary><see cref="HclParser.ParseBlocks"/> hands over the same blocks as <see cref="HclParser.Parse"/>, with the same errors.</summary>
public sealed class BlockStreamTests
{
    private const string Config = """
        top = 1
        resource "aws_instance" "web" {
          ami  = "ami-${var.region}"
          tags = { Name = "web" }
        }
        module "net" {
          source = "./net"
        }
        data "x" "y" { filter = [for s in var.subnets : s.id if s.public] }
        """;

    [Fact]
    public void ParseBlocks_WellFormedFile_YieldsTheBlocksParseKeeps()
    {
        var streamed = HclParser.ParseBlocks(new SourceText("main.tf", Config)).ToList();
        var whole = HclParser.Parse("main.tf", Config).Body.Blocks;

        streamed.Select(b => (b.Type, string.Join('/', b.Labels), b.Position.Line)).ShouldBe(
            whole.Select(b => (b.Type, string.Join('/', b.Labels), b.Position.Line)));
        streamed[0].Body.Attributes.Select(a => a.Name).ShouldBe(["ami", "tags"]);
        streamed[2].Labels.ShouldBe(["x", "y"]);
    }

    [Fact]
    public void ParseBlocks_ErrorAfterSomeBlocks_YieldsThemThenThrowsParsesError()
    {
        var text = Config + "\nresource \"a\" \"b\" {\n  x = [1, 2\n}\n";
        var read = new List<Block>();

        var error = Should.Throw<HclSyntaxException>(() =>
        {
            foreach (var block in HclParser.ParseBlocks(new SourceText("bad.tf", text)))
            {
                read.Add(block);
            }
        });

        read.Count.ShouldBe(3);
        error.Message.ShouldBe(Should.Throw<HclSyntaxException>(() => HclParser.Parse("bad.tf", text)).Message);
        error.Message.ShouldStartWith("bad.tf:12:");
    }

    [Fact]
    public void ParseBlocks_TopLevelAttributeDefinedTwice_ThrowsLikeParse()
    {
        var error = Should.Throw<HclSyntaxException>(() => HclParser.ParseBlocks(new SourceText("dup.tf", "a = 1\nb {}\na = 2\n")).ToList());

        error.Message.ShouldContain("attribute \"a\" is defined twice");
    }

    [Fact]
    public void ParseBlocks_QuotedLabels_PlainAndEscapedReadAlike()
    {
        var block = HclParser.ParseBlocks(new SourceText("l.tf", "b \"plain\" \"tab\\there\" \"\" {}\n")).Single();

        block.Labels.ShouldBe(["plain", "tab\there", ""]);
    }
}
