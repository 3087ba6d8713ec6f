using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Tests;

public sealed class HclParserTests
{
    [Fact]
    public void Parse_BlocksWithLabelsAndNestedBlocks_KeepsStructure()
    {
        var file = HclParser.Parse("main.tf", """
            # a comment
            resource "aws_instance" "web" {
              ami           = "ami-123" // trailing
              instance_type = var.size
              /* block
                 comment */
              lifecycle {
                create_before_destroy = true
              }
              ebs_block_device { device_name = "/dev/sdb" }
            }
            locals {}
            """);

        file.Body.Blocks.Count.ShouldBe(2);
        var web = file.Body.Blocks[0];
        web.Type.ShouldBe("resource");
        web.Labels.ShouldBe(["aws_instance", "web"]);
        web.Body.Attributes.Select(a => a.Name).ShouldBe(["ami", "instance_type"]);
        ((TemplateExpression)web.Body.Attribute("ami")!.Value).LiteralValue.ShouldBe("ami-123");
        web.Body.BlocksOf("lifecycle").Single().Body.Attribute("create_before_destroy")!.Value
            .ShouldBeOfType<LiteralExpression>().Value.ShouldBe(true);
        web.Body.BlocksOf("ebs_block_device").Single().Body.Attributes.Single().Name.ShouldBe("device_name");
        web.Position.Line.ShouldBe(2);
    }

    [Fact]
    public void Parse_Block_EndsJustPastItsClosingBrace()
    {
        const string text = "resource \"t\" \"a\" {\n  input = 1\n  lifecycle { create_before_destroy = true }\n}\n\nlocals {\n}";
        var source = new SourceText("main.tf", text);

        var blocks = HclParser.ParseBlocks(source).ToList();

        source.PositionOf(blocks[0].End).ShouldBe(new SourcePosition("main.tf", 4, 2));
        text[..blocks[0].End].ShouldEndWith("true }\n}");
        text[..blocks[0].Body.Blocks[0].End].ShouldEndWith("create_before_destroy = true }");
        source.PositionOf(blocks[1].End).ShouldBe(new SourcePosition("main.tf", 7, 2), "the last block ends the file");
    }

    [Fact]
    public void Parse_OperatorPrecedence_MultiplicationBindsTighterThanAdditionAndConditionalIsLowest()
    {
        var file = HclParser.Parse("x.tf", "a = 1 + 2 * 3 > 6 && !false ? -1 : 0\n");

        var conditional = file.Body.Attributes[0].Value.ShouldBeOfType<ConditionalExpression>();
        var and = conditional.Condition.ShouldBeOfType<BinaryExpression>();
        and.Operator.ShouldBe("&&");
        var greater = and.Left.ShouldBeOfType<BinaryExpression>();
        greater.Operator.ShouldBe(">");
        var plus = greater.Left.ShouldBeOfType<BinaryExpression>();
        plus.Operator.ShouldBe("+");
        plus.Right.ShouldBeOfType<BinaryExpression>().Operator.ShouldBe("*");
        and.Right.ShouldBeOfType<UnaryExpression>().Operator.ShouldBe("!");
        conditional.WhenTrue.ShouldBeOfType<UnaryExpression>().Operator.ShouldBe("-");
    }

    [Fact]
    public void Parse_ForExpressionsAndSplats_BuildsTheirShapes()
    {
        var file = HclParser.Parse("x.tf", """
            ids   = [for s in aws_subnet.a : s.id if s.public]
            byaz  = {
              for k, s in aws_subnet.a : s.az => s.id...
            }
            all   = aws_instance.web[*].private_ip
            names = aws_instance.web.*.tags.Name
            first = aws_instance.web[0].id
            """);

        var ids = file.Body.Attribute("ids")!.Value.ShouldBeOfType<ForExpression>();
        ids.ValueVariable.ShouldBe("s");
        ids.Condition.ShouldNotBeNull();
        var byAz = file.Body.Attribute("byaz")!.Value.ShouldBeOfType<ForExpression>();
        byAz.KeyVariable.ShouldBe("k");
        byAz.Grouping.ShouldBeTrue();
        byAz.KeyResult.ShouldNotBeNull();
        file.Body.Attribute("all")!.Value.ShouldBeOfType<SplatExpression>().Full.ShouldBeTrue();
        var names = file.Body.Attribute("names")!.Value.ShouldBeOfType<SplatExpression>();
        names.Full.ShouldBeFalse();
        names.Each.ShouldBeOfType<GetAttrExpression>().Name.ShouldBe("Name");
        file.Body.Attribute("first")!.Value.ShouldBeOfType<GetAttrExpression>().Source.ShouldBeOfType<IndexExpression>();
    }

    [Fact]
    public void Parse_FunctionCallsWithExpansionAndNamespaces_KeepsNameAndArguments()
    {
        var file = HclParser.Parse("x.tf", """
            a = merge(var.tags, { Name = "x" }, )
            b = max(local.numbers...)
            c = provider::aws::arn_parse(aws_iam_role.r.arn)
            d = jsonencode({
              "Version" : "2012-10-17",
              Statement = [{ Effect = "Allow" }]
            })
            """);

        var merge = file.Body.Attribute("a")!.Value.ShouldBeOfType<FunctionCallExpression>();
        merge.Name.ShouldBe("merge");
        merge.Arguments.Count.ShouldBe(2);
        file.Body.Attribute("b")!.Value.ShouldBeOfType<FunctionCallExpression>().ExpandFinal.ShouldBeTrue();
        file.Body.Attribute("c")!.Value.ShouldBeOfType<FunctionCallExpression>().Name.ShouldBe("provider::aws::arn_parse");
        var json = file.Body.Attribute("d")!.Value.ShouldBeOfType<FunctionCallExpression>().Arguments[0].ShouldBeOfType<ObjectExpression>();
        json.Items.Count.ShouldBe(2);
        json.Items[1].Key.ShouldBeOfType<LiteralExpression>().Value.ShouldBe("Statement");
    }

    [Fact]
    public void Parse_SyntaxError_ReportsFileLineAndColumn()
    {
        var error = Should.Throw<HclSyntaxException>(() => HclParser.Parse("bad.tf", "resource \"a\" \"b\" {\n  x = [1, 2\n}\n"));

        error.Position.Line.ShouldBe(3);
        error.Message.ShouldStartWith("bad.tf:3:1:");
        error.Message.ShouldContain("']'");
    }

    [Fact]
    public void Parse_DuplicateAttribute_IsAnError()
    {
        Should.Throw<HclSyntaxException>(() => HclParser.Parse("dup.tf", "a = 1\na = 2\n"))
            .Message.ShouldContain("defined twice");
    }

    [Fact]
    public void Parse_TwoAttributesOnOneLine_IsAnError()
    {
        Should.Throw<HclSyntaxException>(() => HclParser.Parse("x.tf", "a = 1 b = 2\n"))
            .Message.ShouldContain("expected a newline");
    }
}
