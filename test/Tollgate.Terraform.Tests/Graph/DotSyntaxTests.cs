using Tollgate.Domain;
using Tollgate.Terraform.Graph.Dot;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>The DOT language beyond what terraform writes today: hand-edited and tool-made graphs must read the same.</summary>
public sealed class DotSyntaxTests
{
    [Fact]
    public void Read_EdgeChainsGroupsPortsAndComments_GivesEveryEdgeOnce()
    {
        var dot = DotReader.Read(
            """
            /* a comment */ strict digraph "G" {
              graph [rankdir = "RL"]; node [shape = rect]
              // one line comment
            # preprocessor line
              a -> b -> c [color = "blue"];
              d:port:n -> { e "f" } ;
              subgraph cluster_x { label = "x"; g; }
              h -> subgraph s { i j }
            }
            """,
            "test.dot");

        dot.Dialect.ShouldBe(DotDialect.Simplified);
        dot.Nodes.ShouldBe(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
        dot.Edges.ShouldBe([("a", "b"), ("b", "c"), ("d", "e"), ("d", "f"), ("h", "i"), ("h", "j")]);
        dot.CycleEdges.ShouldBeEmpty();
    }

    [Fact]
    public void Read_EscapedAndContinuedQuotedIds_AreTheSameNodeAsTheirPlainSpelling()
    {
        var dot = DotReader.Read("digraph { \"say \\\"hi\\\"\" -> \"x\\\ny\"; \"say \\\"hi\\\"\" -> xy; \"back\\\\slash\" -> xy }", "test.dot");

        dot.Nodes.ShouldBe(["say \"hi\"", "xy", "back\\slash"]);
        dot.Edges.ShouldBe([("say \"hi\"", "xy"), ("say \"hi\"", "xy"), ("back\\slash", "xy")]);
    }

    [Fact]
    public void Read_RepeatedSourceAfterADifferentOne_KeepsEachEdgeOnItsOwnSource()
    {
        // The reader recognises a repeated source without a lookup; a different source in between must not leak.
        var dot = DotReader.Read("digraph { \"a\" -> \"b\"; \"a\" -> \"c\"; \"ab\" -> \"c\"; \"a\" -> \"d\"; \"\" -> \"a\"; \"\" -> \"b\" }", "test.dot");

        dot.Edges.ShouldBe([("a", "b"), ("a", "c"), ("ab", "c"), ("a", "d"), ("", "a"), ("", "b")]);
    }

    [Fact]
    public void Read_RedEdges_AreTheCycleEdges()
    {
        var dot = DotReader.Read("digraph { a -> b [color = \"red\", penwidth = \"2.0\"]; b -> a [ color = red ]; a -> c [fontcolor = red] }", "test.dot");

        dot.CycleEdges.ShouldBe([("a", "b"), ("b", "a")]);
    }

    [Fact]
    public void Read_NonAsciiNames_RoundTripAsUtf8()
    {
        var dot = DotReader.Read("digraph { \"terraform_data.café\" -> terraform_data.ünïcode }", "test.dot");

        dot.Edges.ShouldBe([("terraform_data.café", "terraform_data.ünïcode")]);
    }

    [Theory]
    [InlineData("digraph { \"never closed -> b }", "quoted id is never closed")]
    [InlineData("digraph { a -> b + c }", "unexpected '+'")]
    [InlineData("a -> b", "not a DOT graph")]
    [InlineData("", "not a DOT graph")]
    [InlineData("digraph {\n  \"a\" -> \"b\"\n  \"b\" -> \"c\"\n", "bad.dot:4: not a complete DOT graph: the file ends before the graph's closing '}'")]
    [InlineData("digraph {\n  \"a\" -> \"b\" [color = \"red\"", "bad.dot:2: not a complete DOT graph: the file ends inside an attribute list")]
    [InlineData("digraph {\n  \"a\" -> { \"b\" \"c\"", "bad.dot:2: not a complete DOT graph: the file ends inside a '{ … }' of nodes")]
    [InlineData("digraph {\n  \"a\" -> \"b\"\n}\nThis graph has two resources, a and b.\n", "bad.dot:4: not a complete DOT graph: 'This' after the graph's closing '}'")]
    [InlineData("The digraph of two resources: a -> b, done.", "not a DOT graph")]
    [InlineData("digraph G\n  a -> b\n", "bad.dot:2: not a complete DOT graph: expected '{' after the graph header")]
    [InlineData("digraph {\n  \"a\" -> \n}", "bad.dot:3: not a complete DOT graph: expected a node after the edge operator")]
    [InlineData("digraph {\n  , \"a\" -> \"b\"\n}", "bad.dot:2: not a complete DOT graph: unexpected ','")]
    public void Read_Malformed_IsAnInputErrorNamingTheFile(string text, string message)
    {
        var error = Should.Throw<InvalidInputException>(() => DotReader.Read(text, "bad.dot"));

        error.Message.ShouldContain("bad.dot");
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Read_ManyNodes_GrowsTheNameTableAndKeepsEveryId()
    {
        var text = "digraph {\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"  \"n{i}\" -> \"n{i / 2}\";\n")) + "}";

        var dot = DotReader.Read(text, "big.dot");

        dot.Nodes.Count.ShouldBe(5000);
        dot.EdgeIds.Count.ShouldBe(5000);
        dot.Edges.Count(e => int.Parse(e.To.Substring(1)) != int.Parse(e.From.Substring(1)) / 2).ShouldBe(0);
    }
}
