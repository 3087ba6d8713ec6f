using Tollgate.Hcl.Traversals;

namespace Tollgate.Hcl.Tests;

public sealed class ReferenceCollectorTests
{
    private static List<string> References(string expression) =>
        ReferenceCollector.Collect(HclParser.ParseExpression(expression)).Select(t => t.ToString()).ToList();

    [Fact]
    public void Collect_AttributeChainsAndStaticIndexes_AreWholeTraversals()
    {
        References("aws_vpc.main.id").ShouldBe(["aws_vpc.main.id"]);
        References("aws_subnet.a[\"x\"].id").ShouldBe(["aws_subnet.a[\"x\"].id"]);
        References("module.net.subnets[0]").ShouldBe(["module.net.subnets[0]"]);
    }

    [Fact]
    public void Collect_DynamicIndex_EndsTheTraversalAndListsTheKey()
    {
        References("aws_subnet.a[count.index].id").ShouldBe(["count.index", "aws_subnet.a"]);
    }

    [Fact]
    public void Collect_ForVariables_AreNotReferences()
    {
        References("{ for k, v in local.m : k => v.id if v.on && var.all }").ShouldBe(["local.m", "var.all"]);
        References("\"%{for x in var.xs}${x}${local.sep}%{endfor}\"").ShouldBe(["var.xs", "local.sep"]);
    }

    [Fact]
    public void Collect_SplatsTemplatesAndCalls_FindEveryRoot()
    {
        References("concat(aws_instance.a[*].id, [data.aws_ami.x.id]) == \"${local.p}-${path.module}\" ? each.key : null")
            .ShouldBe(["aws_instance.a", "data.aws_ami.x.id", "local.p", "path.module", "each.key"]);
    }

    [Theory]
    [InlineData("aws_vpc.main.id")]
    [InlineData("each")]
    [InlineData("[a.b.c, d, e.f[0].g, h[\"k\"], i[j.k].l]")]
    [InlineData("{ for k, v in local.m : k => v.id if v.on && var.all && k.x }")]
    [InlineData("[for x in var.xs : x.y[z.w] if x.on]")]
    [InlineData("\"%{for x in var.xs}${x.a}${local.sep}%{endfor}${a.b}\"")]
    [InlineData("concat(aws_instance.a[*].id, [data.aws_ami.x.id]) == \"${local.p}\" ? each.key : m[n.o][p].q")]
    public void CollectText_IsTheTextOfEachCollectedTraversal_InOrder(string expression)
    {
        var parsed = HclParser.ParseExpression(expression);
        var texts = new List<string> { "kept" };

        ReferenceCollector.CollectText(parsed, texts);

        texts.ShouldBe(["kept", .. ReferenceCollector.Collect(parsed).Select(t => t.ToString())]);
        texts.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Prefix_ReturnsLeadingAttributeSteps()
    {
        var traversal = ReferenceCollector.Collect(HclParser.ParseExpression("data.aws_ami.x.id")).Single();

        traversal.Prefix(2).ShouldBe("data.aws_ami.x");
        traversal.Prefix(9).ShouldBeNull();
    }
}
