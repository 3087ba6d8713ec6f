using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Tests.Sources;

public sealed class PrometheusTargetTests
{
    private static CanarySpec Spec() =>
        SpecLoader.Load(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));

    [Fact]
    public void Of_FlagGiven_OverridesTheSpec()
    {
        PrometheusTarget.Of(Spec(), "https://mimir.example/prometheus").ShouldBe(new Uri("https://mimir.example/prometheus"));
    }

    [Fact]
    public void Of_NoFlag_IsTheSpecsUrl()
    {
        var spec = Spec();

        PrometheusTarget.Of(spec, null).ShouldBe(spec.Prometheus);
    }

    [Fact]
    public void Of_FlagNotHttpWithAPassword_ExitThreeWithoutThePassword()
    {
        var error = Should.Throw<InvalidInputException>(() => PrometheusTarget.Of(Spec(), "ftp://alice:s3cret-pw@host/"));

        error.Message.ShouldStartWith("--prometheus ");
        error.Message.ShouldContain("is not an http(s) URL");
        error.Message.ShouldNotContain("s3cret-pw");
    }

    [Fact]
    public void Of_NeitherFlagNorSpec_NamesTheSpec()
    {
        var error = Should.Throw<InvalidInputException>(() => PrometheusTarget.Of(Spec() with { Prometheus = null }, null));

        error.Message.ShouldContain("no Prometheus URL");
    }
}
