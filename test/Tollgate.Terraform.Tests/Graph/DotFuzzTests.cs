using System.Text;
using CsCheck;
using Tollgate.Domain;
using Tollgate.Terraform.Graph.Dot;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>Mutated graphs: a graph or an input error; a graph cut anywhere before its closing brace is never read.</summary>
public sealed class DotFuzzTests
{
    private const string Simplified = """
        digraph {
        	compound = "true"
        	newrank = "true"
        	subgraph "root" {
        		"[root] aws_instance.web (expand)" [label = "aws_instance.web", shape = "box"]
        		"[root] module.net.aws_subnet.a (expand)" [label = "module.net.aws_subnet.a", shape = "box"]
        		"[root] provider[\"registry.terraform.io/hashicorp/aws\"]" [label = "provider[\"registry.terraform.io/hashicorp/aws\"]", shape = "diamond"]
        		"[root] aws_instance.web (expand)" -> "[root] module.net.aws_subnet.a (expand)"
        		"[root] module.net.aws_subnet.a (expand)" -> "[root] provider[\"registry.terraform.io/hashicorp/aws\"]"
        		"[root] local.x (expand)" -> "[root] aws_instance.web (expand)" [color = "red"]
        	}
        }

        """;

    private const string Plain = """
        strict digraph G {
          node [shape = rect]; // comment
          "aws_instance.a" -> "aws_instance.b" -> { "aws_s3_bucket.c" "aws_iam_role.d" };
          "aws_iam_role.d":p:n -> "aws_instance.a" [color = red];
        }

        """;

    [Theory]
    [InlineData(Simplified)]
    [InlineData(Plain)]
    public void Read_MutatedGraph_GraphOrInputError(string seed) =>
        Fuzz.Mutations(Encoding.UTF8.GetBytes(seed)).Sample(
            bytes =>
            {
                try
                {
                    DotReader.Read(bytes, "fuzz.dot");
                }
                catch (InvalidInputException)
                {
                }
            },
            iter: Fuzz.Iterations(3_000));

    [Theory]
    [InlineData(Simplified)]
    [InlineData(Plain)]
    public void Read_GraphCutBeforeItsClosingBrace_IsAlwaysAnError(string seed)
    {
        var bytes = Encoding.UTF8.GetBytes(seed);
        var closing = Array.LastIndexOf(bytes, (byte)'}');
        Fuzz.Cut(closing + 1).Sample(
            cut => Should.Throw<InvalidInputException>(() => DotReader.Read(bytes.AsSpan(0, cut), "fuzz.dot")),
            iter: Fuzz.Iterations(1_000));
    }
}
