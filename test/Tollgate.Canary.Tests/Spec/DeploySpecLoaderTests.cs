using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Spec;

/// <summary>
/// A deploy watch's spec (<see cref="SpecUse.Deploy"/>) names only <c>groups.canary</c>, the service's selector: its
/// baseline is the same service before the deploy. A <c>groups.baseline</c> is read by nothing, so it is a note, not a
/// refusal (every deploy spec needed one before). A canary's spec keeps needing a distinct baseline.
/// </summary>
public sealed class DeploySpecLoaderTests
{
    private static readonly string DeployExample = File.ReadAllText(Repository.File("examples", "deploys", "slo.yaml"));

    private static readonly string CanaryExample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));

    [Fact]
    public void Load_TheDeployExampleWithoutBaseline_IsAcceptedWithNoNote()
    {
        var spec = SpecLoader.Load(Repository.File("examples", "deploys", "slo.yaml"), SpecUse.Deploy);

        spec.CanarySelector.ShouldBe("app=\"checkout\"");
        spec.BaselineSelector.ShouldBe(spec.CanarySelector); // the same service, before the deploy
        spec.Metrics.Select(m => m.Name).ShouldBe(["error-rate", "latency-p99"]);
        spec.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_DeploySpecWithBaseline_IsAcceptedWithANoteNamingItsLine()
    {
        var text = DeployExample.Replace("groups:\n", "groups:\n  baseline: 'app=\"checkout\", track=\"stable\"'\n", StringComparison.Ordinal);

        var spec = SpecLoader.Parse(text, "slo.yaml", SpecUse.Deploy);

        spec.CanarySelector.ShouldBe("app=\"checkout\"");
        spec.BaselineSelector.ShouldBe("app=\"checkout\"", "the baseline given is not read");
        spec.Notes.ShouldHaveSingleItem().ShouldBe(
            "slo.yaml:12: groups.baseline is not read: a deploy watch's baseline is the same service before the deploy (groups.canary over as long a span just before it); remove groups.baseline");
    }

    [Fact]
    public void Parse_DeploySpecWithBaselineEqualToCanary_IsNotedNotRefused()
    {
        // The canary loader refuses two equal selectors; for a deploy it is the same unread field.
        var text = DeployExample.Replace("groups:\n", "groups:\n  baseline: 'app=\"checkout\"'\n", StringComparison.Ordinal);

        SpecLoader.Parse(text, "slo.yaml", SpecUse.Deploy).Notes.ShouldHaveSingleItem().ShouldContain("remove groups.baseline");
    }

    [Theory]
    [InlineData("  canary: 'app=\"checkout\"'", "  canary: 'app=\"checkout\", rollouts_pod_template_hash=\"{{latestHash}}\"'",
        "slo.yaml:12: groups.canary uses {{latestHash}}, which a deploy watch has nothing to fill in (it is a rollout's pod-template hash for tollgate canary and serve): select the service itself")]
    [InlineData("  canary: 'app=\"checkout\"'", "  service: 'app=\"checkout\"'",
        "slo.yaml:12: unknown field 'service' in groups (expected one of: canary, baseline)")]
    [InlineData("  canary: 'app=\"checkout\"'", "  baseline: 'app=\"checkout\"'",
        "slo.yaml:12: missing required field 'canary' in groups (the service's selector; a deploy watch's baseline is the same service before the deploy)")]
    public void Parse_DeploySpecBadGroups_OneLine(string find, string replace, string message)
    {
        var text = DeployExample.Replace(find, replace, StringComparison.Ordinal);
        text.ShouldNotBe(DeployExample);

        Should.Throw<InvalidInputException>(() => SpecLoader.Parse(text, "slo.yaml", SpecUse.Deploy)).Message.ShouldBe(message);
    }

    [Fact]
    public void Parse_CanarySpecWithoutBaseline_IsStillRefused()
    {
        Should.Throw<InvalidInputException>(() => SpecLoader.Parse(DeployExample, "slo.yaml")).Message
            .ShouldBe("slo.yaml:12: missing required field 'baseline'");
    }

    [Fact]
    public void Parse_CanarySpecWithBaselineEqualToCanary_IsStillRefused()
    {
        var text = CanaryExample.Replace("version=\"v2\"", "version=\"v1\"", StringComparison.Ordinal);

        Should.Throw<InvalidInputException>(() => SpecLoader.Parse(text, "checkout.yaml")).Message
            .ShouldBe("checkout.yaml:12: groups.canary selects the same series as groups.baseline");
    }

    [Fact]
    public void Parse_TheCanaryExampleAsADeploySpec_ReadsItsCanaryAndNotesItsBaseline()
    {
        var spec = SpecLoader.Parse(CanaryExample, "checkout.yaml", SpecUse.Deploy);

        spec.CanarySelector.ShouldBe("app=\"checkout\", version=\"v2\"");
        spec.Notes.ShouldHaveSingleItem().ShouldStartWith("checkout.yaml:11: groups.baseline is not read");
    }
}
