using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a revisionHistoryLimit below 0 (the Argo Rollouts controller refuses such a Rollout,
/// the API server such a Deployment) and on a blue-green Rollout's scaleDownDelayRevisionLimit above its
/// revisionHistoryLimit (10 when unset), which the controller refuses. Before, each passed.
/// </summary>
public sealed class RevisionLimitsTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private static List<Finding> Invalid(string manifest) =>
        [.. Lint.Text(All(manifest, SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    private static string CanaryWith(string specFields) =>
        Rollout("web", 4, "- setWeight: 50\n- pause: {}").Replace("  minReadySeconds: 10\n", "  minReadySeconds: 10\n" + specFields, StringComparison.Ordinal);

    private static string BlueGreen(string specFields, string blueGreen)
    {
        var canary = CanaryWith(specFields);
        return canary[..canary.IndexOf("    canary:\n", StringComparison.Ordinal)] + $"    blueGreen:\n      activeService: web\n      previewService: web-preview\n{blueGreen}";
    }

    [Fact]
    public void RevisionHistoryLimit_BelowZeroOnARollout_FoundAtIt()
    {
        var finding = Invalid(CanaryWith("  revisionHistoryLimit: -1\n")).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldBe("Rollout default/web: spec.revisionHistoryLimit -1 is below 0: the Argo Rollouts controller refuses it (InvalidSpec: must be greater than or equal to 0) and never rolls it out");
        finding.Suggestion.ShouldBe("set spec.revisionHistoryLimit to 0 or more: how many old ReplicaSets are kept to roll back to (10 when unset)");
        finding.Location!.Line.ShouldBe(8);
    }

    [Fact]
    public void RevisionHistoryLimit_BelowZeroOnADeployment_FoundAsTheApiServerSaysIt()
    {
        var finding = Invalid(Deployment("web", extraSpec: "minReadySeconds: 10\n  revisionHistoryLimit: -2")).ShouldHaveSingleItem();

        finding.Message.ShouldBe("Deployment default/web: spec.revisionHistoryLimit -2 is below 0: the API server refuses it (spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0)");
        finding.Location!.Line.ShouldBe(9);
        finding.Evidence["field"].ShouldBe("spec.revisionHistoryLimit");
    }

    [Fact]
    public void RevisionHistoryLimit_ZeroOrMore_Passes()
    {
        Invalid(CanaryWith("  revisionHistoryLimit: 0\n")).ShouldBeEmpty();
        Invalid(Deployment("web", extraSpec: "minReadySeconds: 10\n  revisionHistoryLimit: 0")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", "      scaleDownDelayRevisionLimit: 11\n", "11 is above spec.revisionHistoryLimit (10, its default when unset)", 27)]
    [InlineData("  revisionHistoryLimit: 2\n", "      scaleDownDelayRevisionLimit: 3\n", "3 is above spec.revisionHistoryLimit (2)", 28)]
    public void ScaleDownDelayRevisionLimit_AboveRevisionHistoryLimit_FoundAtIt(string specFields, string blueGreen, string problem, int line)
    {
        var finding = Invalid(BlueGreen(specFields, blueGreen)).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.blueGreen.scaleDownDelayRevisionLimit {problem}: the Argo Rollouts controller refuses it (InvalidSpec: This rollout's revision history limit can not be smaller than the rollout's scale down limit) and never rolls it out");
        finding.Location!.Line.ShouldBe(line);
    }

    [Fact]
    public void ScaleDownDelayRevisionLimit_AboveItWithANegativeHistory_FoundEach()
    {
        Invalid(BlueGreen("  revisionHistoryLimit: -1\n", "      scaleDownDelayRevisionLimit: 0\n")).Select(f => f.Evidence["field"])
            .ShouldBe(["spec.revisionHistoryLimit", "spec.strategy.blueGreen.scaleDownDelayRevisionLimit"]);
    }

    [Theory]
    [InlineData("", "      scaleDownDelayRevisionLimit: 10\n")]
    [InlineData("  revisionHistoryLimit: 2\n", "      scaleDownDelayRevisionLimit: 2\n")]
    [InlineData("", "      scaleDownDelayRevisionLimit: -1\n")] // Argo checks no other bound
    public void ScaleDownDelayRevisionLimit_NotAboveRevisionHistoryLimit_Passes(string specFields, string blueGreen)
    {
        Invalid(BlueGreen(specFields, blueGreen)).ShouldBeEmpty();
    }

    [Fact]
    public void ScaleDownDelayRevisionLimit_OfACanary_PassesAsArgoDoesNotCheckIt()
    {
        Invalid(Rollout("web", 4, "- setWeight: 50\n- pause: {}", "scaleDownDelayRevisionLimit: 20")).ShouldBeEmpty();
    }
}
