using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a Rollout's antiAffinity the Argo Rollouts controller refuses (InvalidSpec): neither
/// or both of preferred and required, and a preferred weight outside 1 to 100, for a canary and a blue-green. Before,
/// each passed.
/// </summary>
public sealed class AntiAffinityTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private const string Preferred = "preferredDuringSchedulingIgnoredDuringExecution";

    private const string Required = "requiredDuringSchedulingIgnoredDuringExecution";

    private static List<Finding> Invalid(string rollout) =>
        [.. Lint.Text(All(rollout, SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    private static string Canary(string antiAffinity) => Rollout("web", 4, "- setWeight: 50\n- pause: {}", "antiAffinity: " + antiAffinity);

    private static string BlueGreen(string antiAffinity)
    {
        var canary = Rollout("web", 4, "- setWeight: 50");
        return canary[..canary.IndexOf("    canary:\n", StringComparison.Ordinal)] + $"    blueGreen:\n      activeService: web\n      previewService: web-preview\n      antiAffinity: {antiAffinity}\n";
    }

    [Theory]
    [InlineData("{}", "sets neither " + Preferred + " nor " + Required)]
    [InlineData("{" + Preferred + ": {weight: 50}, " + Required + ": {}}", "sets both " + Preferred + " and " + Required + ", and it is one of them")]
    [InlineData("{" + Preferred + ": null}", "sets neither " + Preferred + " nor " + Required)]
    public void Canary_NotExactlyOne_FoundAtAntiAffinity(string antiAffinity, string problem)
    {
        var finding = Invalid(Canary(antiAffinity)).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.antiAffinity {problem}: the Argo Rollouts controller refuses it (InvalidSpec: AntiAffinity must have exactly one strategy listed) and never rolls it out");
        finding.Location!.Line.ShouldBe(25);
    }

    [Fact]
    public void BlueGreen_NeitherSet_FoundAtAntiAffinity()
    {
        var finding = Invalid(BlueGreen("{}")).ShouldHaveSingleItem();

        finding.Evidence["field"].ShouldBe("spec.strategy.blueGreen.antiAffinity");
        finding.Suggestion.ShouldStartWith($"set spec.strategy.blueGreen.antiAffinity.{Preferred}: {{weight: 1}} (1 to 100)");
        finding.Location!.Line.ShouldBe(27);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public void Weight_OutsideOneTo100_FoundAtTheWeight(string weight)
    {
        var finding = Invalid(Canary($"{{{Preferred}: {{weight: {weight}}}}}")).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.antiAffinity.{Preferred}.weight {weight} is not between 1 and 100: the Argo Rollouts controller refuses it (InvalidSpec: AntiAffinity weight must be between 1-100) and never rolls it out");
        finding.Evidence["weight"].ShouldBe(double.Parse(weight, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Weight_Unset_FoundOnceAsTheRequiredField()
    {
        var finding = Invalid(Canary($"{{{Preferred}: {{}}}}")).ShouldHaveSingleItem();

        finding.Message.ShouldContain("weight");
        finding.Message.ShouldNotContain("InvalidSpec");
    }

    [Theory]
    [InlineData("{" + Preferred + ": {weight: 1}}")]
    [InlineData("{" + Preferred + ": {weight: 100}}")]
    [InlineData("{" + Required + ": {}}")]
    public void ExactlyOneWithAWeightInRange_Passes(string antiAffinity)
    {
        Invalid(Canary(antiAffinity)).ShouldBeEmpty();
        Invalid(BlueGreen(antiAffinity)).ShouldBeEmpty();
    }
}
