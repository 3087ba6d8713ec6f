using Tollgate.Hcl.Parsing;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Tests;

/// <summary>
/// <see cref="SplitBlockReader"/> hands back what one parser reads, in the same order and with the same errors, from
/// whatever line it is split at: a valid split is read on two threads, any other falls back to one parser.
/// </summary>
public sealed class SplitBlockReaderTests
{
    private const string Config = """
        resource "a" "one" {
          x = <<EOT
        }
        resource "inside" "heredoc" {
        EOT
        }

        /* a comment
        }
        resource "inside" "comment" {}
        */
        data "b" "two" {
          y = <<-EOT
            }
        resource "q" "r" {}
          EOT
          k = { a = 1
        }
        }
        top = 1

        module "m" {
          source = "./m"
          nested {
            z = [1,
        2]
          }
        }
        resource "c" "three" { w = a.one.id }
        other = 2
        resource "d" "four" {
        }
        """;

    [Fact]
    public void Read_EveryLineAsSplit_GivesWhatOneParserReads()
    {
        var source = new SourceText("main.tf", Config);
        var expected = HclParser.ParseBlocks(source).Select(Describe).ToList();

        for (var split = Config.IndexOf('\n') + 1; split > 0 && split < Config.Length; split = Config.IndexOf('\n', split) + 1)
        {
            var read = SplitBlockReader.Read(new SourceText("main.tf", Config), Describe, split).ToList();

            read.ShouldBe(expected, $"split at offset {split}");
        }
    }

    [Fact]
    public void Read_SplitAtABlockBoundary_ReadsTheHalvesOnTwoThreads()
    {
        var split = Config.IndexOf("resource \"c\"", StringComparison.Ordinal);
        var threads = new HashSet<int>();

        var read = SplitBlockReader.Read(new SourceText("main.tf", Config), b => { lock (threads) { threads.Add(Environment.CurrentManagedThreadId); } return b.Labels[^1]; }, split).ToList();

        read.ShouldBe(["one", "two", "m", "three", "four"]);
        threads.Count.ShouldBe(2);
    }

    [Fact]
    public void Read_SplitInsideAHeredoc_FallsBackToOneParser()
    {
        var split = Config.IndexOf("resource \"inside\" \"heredoc\"", StringComparison.Ordinal);
        var threads = new HashSet<int>();

        var read = SplitBlockReader.Read(new SourceText("main.tf", Config), b => { lock (threads) { threads.Add(Environment.CurrentManagedThreadId); } return b.Labels[^1]; }, split).ToList();

        read.ShouldBe(["one", "two", "m", "three", "four"]);
        threads.ShouldBe([Environment.CurrentManagedThreadId]);
    }

    [Fact]
    public void Read_ErrorInTheSecondHalf_YieldsTheBlocksBeforeItThenThrowsOneParsersError()
    {
        var text = Config + "\nresource \"e\" \"five\" {\n  v = [1, 2\n}\n";
        var split = text.IndexOf("resource \"c\"", StringComparison.Ordinal);
        var read = new List<string>();

        var error = Should.Throw<HclSyntaxException>(() =>
        {
            foreach (var label in SplitBlockReader.Read(new SourceText("bad.tf", text), b => b.Labels[^1], split))
            {
                read.Add(label);
            }
        });

        read.ShouldBe(["one", "two", "m", "three", "four"]);
        error.Message.ShouldBe(Should.Throw<HclSyntaxException>(() => HclParser.ParseBlocks(new SourceText("bad.tf", text)).ToList()).Message);
    }

    [Fact]
    public void Read_TopLevelAttributeInBothHalves_ThrowsLikeOneParser()
    {
        var text = Config + "\ntop = 3\n";
        var split = text.IndexOf("resource \"c\"", StringComparison.Ordinal);

        var error = Should.Throw<HclSyntaxException>(() => SplitBlockReader.Read(new SourceText("dup.tf", text), b => b.Type, split).ToList());

        error.Message.ShouldContain("attribute \"top\" is defined twice");
        error.Message.ShouldStartWith($"dup.tf:{text[..text.LastIndexOf("top", StringComparison.Ordinal)].Count(c => c == '\n') + 1}:");
    }

    [Fact]
    public void SplitPoint_PicksALineAfterAClosingBracePastTheMiddle()
    {
        var text = "a {\n}\nb {\n  c = 1\n}\nd {\n  e = 1\n}\n\nf {}\n";
        var split = SplitBlockReader.SplitPoint(text);

        split.ShouldBeGreaterThanOrEqualTo(text.Length / 2);
        text[split..].ShouldStartWith("f {}");
        SplitBlockReader.SplitPoint("a = 1\nb = 2\n").ShouldBe(-1);
    }

    [Fact]
    public void ReadBlocks_LargeFile_GivesWhatOneParserReads()
    {
        var text = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"resource \"t\" \"r{i}\" {{\n  input = [t.r{i / 2}.id]\n}}\n\n"));
        text.Length.ShouldBeGreaterThan(SplitBlockReader.ParallelFrom);

        var read = HclParser.ReadBlocks(new SourceText("big.tf", text), Describe).ToList();

        read.ShouldBe(HclParser.ParseBlocks(new SourceText("big.tf", text)).Select(Describe).ToList());
    }

    private static string Describe(Block block) =>
        $"{block.Type} {string.Join('/', block.Labels)} @{block.Position.Line}:{block.Position.Column}-{block.End} [{string.Join(',', block.Body.Attributes.Select(a => $"{a.Name}@{a.Position.Line}"))}] ({block.Body.Blocks.Count})";
}
