using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a Rollout whose progressDeadlineSeconds (600 when unset) is not greater than its
/// minReadySeconds, which the Argo Rollouts controller refuses, and on a Deployment's, which the API server refuses
/// (before, the Deployment's passed). A deadline below 0 is one finding, quoting "must be greater than or equal to 0"
/// (before, "must be greater than minReadySeconds").
/// </summary>
public sealed class ProgressDeadlineTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private static List<Domain.Findings.Finding> Invalid(string specFields) =>
        [.. Lint.Text(All(Rollout("web", 4, "- setWeight: 50\n- pause: {}").Replace("  minReadySeconds: 10\n", specFields, StringComparison.Ordinal), SafeBudget))
            .Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    private static List<Domain.Findings.Finding> InvalidDeployment(string extraSpec) =>
        [.. Lint.Text(All(Deployment("web", extraSpec: extraSpec), SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Theory]
    [InlineData("  minReadySeconds: 60\n  progressDeadlineSeconds: 60\n", "60 is not greater than minReadySeconds (60)")]
    [InlineData("  minReadySeconds: 60\n  progressDeadlineSeconds: 30\n", "30 is not greater than minReadySeconds (60)")]
    [InlineData("  progressDeadlineSeconds: 0\n", "0 is not greater than minReadySeconds (0)")]
    public void ProgressDeadline_NotAboveMinReadySeconds_FoundAtTheDeadline(string fields, string problem)
    {
        var finding = Invalid(fields).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.progressDeadlineSeconds {problem}: the Argo Rollouts controller refuses it (InvalidSpec: must be greater than minReadySeconds) and never rolls it out");
        finding.Location!.Line.ShouldBe(fields.Count(c => c == '\n') + 6);
    }

    [Fact]
    public void ProgressDeadline_UnsetWithMinReadySecondsOf600_FoundAtMinReadySeconds()
    {
        var finding = Invalid("  minReadySeconds: 600\n").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.progressDeadlineSeconds is unset, which Argo Rollouts reads as 600 seconds, not greater than minReadySeconds (600): the Argo Rollouts controller refuses it (InvalidSpec: must be greater than minReadySeconds) and never rolls it out");
        finding.Suggestion.ShouldBe("set spec.progressDeadlineSeconds above minReadySeconds (600), e.g. 1200: the rollout is degraded when it makes no progress for that long, and a pod takes minReadySeconds to count as progress");
        finding.Location!.Line.ShouldBe(7);
        finding.Evidence["progressDeadlineSeconds"].ShouldBe(600d);
    }

    [Fact]
    public void ProgressDeadline_BelowZero_FoundOnceAtTheDeadline()
    {
        var finding = Invalid("  progressDeadlineSeconds: -5\n").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.progressDeadlineSeconds -5 is below 0: the Argo Rollouts controller refuses it (InvalidSpec: must be greater than or equal to 0) and never rolls it out");
        finding.Location!.Line.ShouldBe(7);
    }

    [Theory]
    [InlineData("minReadySeconds: 60\n  progressDeadlineSeconds: 60", "60 is not greater than minReadySeconds (60): the API server refuses it (spec.progressDeadlineSeconds: Invalid value: 60: must be greater than minReadySeconds)", 9)]
    [InlineData("minReadySeconds: 600", "is unset, which the API server defaults to 600 seconds, not greater than minReadySeconds (600): the API server refuses it (spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds)", 8)]
    [InlineData("progressDeadlineSeconds: -1", "-1 is below 0: the API server refuses it (spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0)", 8)]
    public void Deployment_DeadlineNotAboveMinReadySeconds_FoundAsTheApiServerSaysIt(string fields, string problem, int line)
    {
        var finding = InvalidDeployment(fields).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Deployment default/web: spec.progressDeadlineSeconds {problem}");
        finding.Suggestion!.ShouldContain("the Deployment is reported failed (ProgressDeadlineExceeded) when it makes no progress for that long");
        finding.Location!.Line.ShouldBe(line);
    }

    [Theory]
    [InlineData("minReadySeconds: 599")]
    [InlineData("minReadySeconds: 60\n  progressDeadlineSeconds: 61")]
    [InlineData("progressDeadlineSeconds: 1")]
    public void Deployment_DeadlineAboveMinReadySeconds_Passes(string fields)
    {
        InvalidDeployment(fields).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("  minReadySeconds: 599\n")]
    [InlineData("  minReadySeconds: 60\n  progressDeadlineSeconds: 61\n")]
    [InlineData("  minReadySeconds: 900\n  progressDeadlineSeconds: 1200\n")]
    [InlineData("  progressDeadlineSeconds: 1\n")]
    public void ProgressDeadline_AboveMinReadySeconds_Passes(string fields)
    {
        Invalid(fields).ShouldBeEmpty();
    }
}
