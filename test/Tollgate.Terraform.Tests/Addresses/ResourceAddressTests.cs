using Tollgate.Terraform.Addresses;

namespace Tollgate.Terraform.Tests.Addresses;

public sealed class ResourceAddressTests
{
    [Theory]
    [InlineData("aws_s3_bucket.logs", "aws_s3_bucket.logs")]
    [InlineData("aws_subnet.a[0]", "aws_subnet.a")]
    [InlineData("module.net[\"eu\"].aws_subnet.a[0]", "module.net.aws_subnet.a")]
    [InlineData("module.a[\"x.y[1]\"].module.b[2].data.aws_ami.this[\"k\"]", "module.a.module.b.data.aws_ami.this")]
    [InlineData("module.a[\"say \\\"]\\\" ok\"].terraform_data.x", "module.a.terraform_data.x")]
    [InlineData("module.svc[\"c0\"]", "module.svc.")]
    [InlineData("module.svc", "module.svc.")]
    [InlineData("module.svc.module", "module.svc.module")]
    [InlineData("terraform_data.x[", "terraform_data.x")]
    [InlineData("", "")]
    public void ConfigOf_AnyAddress_IsTheConfigOfItsParse(string address, string expected)
    {
        var config = ResourceAddress.ConfigOf(address);

        config.ShouldBe(expected);
        config.ShouldBe(ResourceAddress.Parse(address).Config);
    }

    [Fact]
    public void ConfigOf_AddressWithoutKeys_IsTheSameString()
    {
        var address = "module.net.aws_subnet.a";

        ReferenceEquals(ResourceAddress.ConfigOf(address), address).ShouldBeTrue();
    }
}
