using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary><see cref="DeliveryNames.Recordable"/>: the names a command records.</summary>
public sealed class RecordableNameTests
{
    [Theory]
    [InlineData("checkout", true)]
    [InlineData("my service", true)]
    [InlineData("eu-west-1", true)]
    [InlineData("Checkout.v2_beta", true)]
    [InlineData("café", true)]
    [InlineData("release/1.2", false)]
    [InlineData("v1@build.7", false)]
    public void Recordable_PlainNames_Null(string name, bool keyPart) => DeliveryNames.Recordable(name, keyPart).ShouldBeNull();

    [Theory]
    [InlineData("evil\u001b[31mred", true, "has a control character (\\u001b)")]
    [InlineData("new\nsvc", true, "has a control character (\\n)")]
    [InlineData("tab\there", false, "has a control character (\\t)")]
    [InlineData("nul\0", false, "has a control character (\\u0000)")]
    [InlineData("del\u007f", true, "has a control character (\\u007f)")]
    [InlineData("c1\u0085", true, "has a control character (\\u0085)")]
    [InlineData("rtl\u202eoverride", true, "has a control character (\\u202e)")]
    [InlineData("line\u2028sep", false, "has a control character (\\u2028)")]
    [InlineData("a/b", true, "has a '/': a deploy's key is SERVICE/ENV/VERSION@TIME")]
    public void Recordable_ControlCharacterOrKeySlash_SaysWhich(string name, bool keyPart, string why) =>
        DeliveryNames.Recordable(name, keyPart).ShouldNotBeNull().ShouldStartWith(why);

    [Fact]
    public void Checked_Refused_OneLineNamingTheOptionWithTheNameEscaped() =>
        Should.Throw<InvalidInputException>(() => DeliveryNames.Checked("x\r\ny", "--env", keyPart: true)).Message
            .ShouldBe("--env 'x\\r\\ny' has a control character (\\r): a name is printed on one line and typed on a command line, so control characters are not allowed");
}
