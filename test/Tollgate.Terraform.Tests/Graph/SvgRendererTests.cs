using Tollgate.Domain;
using Tollgate.Terraform.Graph.Pictures;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>The real graphviz <c>dot</c> (/usr/bin/dot) renders into the stream it is given, never into a file of its own.</summary>
public sealed class SvgRendererTests
{
    [Fact]
    public async Task RenderAsync_Graph_WritesTheWholeSvgIntoTheStream()
    {
        using var svg = new MemoryStream();

        await SvgRenderer.RenderAsync("digraph { \"terraform_data.b\" -> \"terraform_data.a\" }\n", svg);

        var text = System.Text.Encoding.UTF8.GetString(svg.ToArray());
        text.ShouldContain("<svg");
        text.ShouldContain("terraform_data.b");
        text.ShouldEndWith("</svg>\n");
    }

    [Fact]
    public async Task RenderAsync_GraphvizFailsAfterPrintingOneGraph_ThrowsWithItsErrorAfterWritingOnlyToTheStream()
    {
        using var svg = new MemoryStream();

        var failure = await Should.ThrowAsync<InvalidInputException>(SvgRenderer.RenderAsync("digraph a { x -> y }\ndigraph b {\n", svg));

        failure.Message.ShouldBe("graphviz dot failed (1): Error: <stdin>: syntax error in line 3");
        System.Text.Encoding.UTF8.GetString(svg.ToArray()).ShouldContain("<svg"); // the half its owner discards
    }
}
