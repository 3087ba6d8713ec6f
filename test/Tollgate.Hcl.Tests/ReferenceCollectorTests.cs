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

    [Fact]
    public void Prefix_ReturnsLeadingAttributeSteps()
    {
        var traversal = ReferenceCollector.Collect(HclParser.ParseExpression("data.aws_ami.x.id")).Single();

        traversal.Prefix(2).ShouldBe("data.aws_ami.x");
        traversal.Prefix(9).ShouldBeNull();
    }
}
