using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Tests.Graph;

public sealed class ReferenceSplitTests
{
    [Theory]
    [InlineData("terraform_data.a.id", new[] { "terraform_data", "a", "id" })]
    [InlineData("module.net.vpc_id", new[] { "module", "net", "vpc_id" })]
    [InlineData("local.x", new[] { "local", "x" })]
    [InlineData("var.y..z", new[] { "var", "y", "z" })]
    [InlineData("aws_subnet.s[0].id", new[] { "aws_subnet", "s", "id" })]
    [InlineData("module.m[\"a.b\"].out", new[] { "module", "m", "out" })]
    [InlineData("data.x.y[each.key][\"q\\\"].r\"].z", new[] { "data", "x", "y", "z" })]
    [InlineData("self", new[] { "self" })]
    public void Split_Traversal_GivesItsNamesWithoutIndexKeys(string reference, string[] expected)
    {
        ReferenceResolver.Split(reference).ShouldBe(expected);
    }
}
