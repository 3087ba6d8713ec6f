using Tollgate.Domain;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// An HPA's <c>minReplicas</c> and <c>maxReplicas</c> the API server refuses. The rules count a scaled workload's
/// fewest pods from <c>minReplicas</c>: a negative minimum was linted as a count ("maxUnavailable 25% is -1 of its -3
/// pods") and a minimum above the maximum as one the HPA never holds ("the 5 pods"), and a maximum below 1 passed
/// unsaid. Each is bad input (exit 3) now, as a Deployment's negative <c>replicas</c> is; a <c>minReplicas</c> of 0,
/// valid only with the alpha HPAScaleToZero feature gate, is a <c>k8s/invalid-manifest</c> finding.
/// </summary>
public sealed class AutoscalerBoundsTests
{
    private const string Bounds = "  minReplicas: 4\n  maxReplicas: 20";

    [Theory]
    [InlineData("  minReplicas: 5\n  maxReplicas: 2", "web.yaml:117: HorizontalPodAutoscaler shop/storefront: spec.minReplicas 5 is above spec.maxReplicas 2 (the API server refuses it: maxReplicas must be greater than or equal to minReplicas)")]
    [InlineData("  minReplicas: -3\n  maxReplicas: 2", "web.yaml:117: HorizontalPodAutoscaler shop/storefront: spec.minReplicas must be 1 or more, not -3 (the API server refuses a negative count)")]
    [InlineData("  minReplicas: -3", "web.yaml:117: HorizontalPodAutoscaler shop/storefront: spec.minReplicas must be 1 or more, not -3 (the API server refuses a negative count)")]
    [InlineData("  minReplicas: 1\n  maxReplicas: 0", "web.yaml:118: HorizontalPodAutoscaler shop/storefront: spec.maxReplicas must be 1 or more, not 0 (the API server refuses it: must be greater than 0)")]
    [InlineData("  maxReplicas: -4", "web.yaml:117: HorizontalPodAutoscaler shop/storefront: spec.maxReplicas must be 1 or more, not -4 (the API server refuses it: must be greater than 0)")]
    [InlineData("  minReplicas: 5\n  maxReplicas: \"2\"", "web.yaml:117: HorizontalPodAutoscaler shop/storefront: spec.minReplicas 5 is above spec.maxReplicas 2 (the API server refuses it: maxReplicas must be greater than or equal to minReplicas)")]
    [InlineData("  minReplicas: 4\n  maxReplicas: 2.5", "web.yaml:118: HorizontalPodAutoscaler shop/storefront: spec.maxReplicas must be an integer, not 2.5")]
    [InlineData("  minReplicas: four\n  maxReplicas: 20", "web.yaml:117: HorizontalPodAutoscaler shop/storefront: spec.minReplicas must be an integer, not 'four'")]
    public void Bounds_TheApiServerRefuses_BadInputNamingTheField(string bounds, string message)
    {
        var text = FixtureText.Replaced("web-deployment.yaml", Bounds, bounds);

        var e = Should.Throw<InvalidInputException>(() => Lint.Text(text, "web.yaml"));

        e.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("  minReplicas: 20\n  maxReplicas: 20", 20)]
    [InlineData("  maxReplicas: 3", 1)]
    [InlineData("  maxReplicas: 1", 1)]
    public void Bounds_TheApiServerTakes_FewestPodsIsTheMinimum(string bounds, int fewest)
    {
        var text = FixtureText.Replaced("web-deployment.yaml", Bounds, bounds);

        var lint = Lint.Text(text);

        lint.Findings.Where(f => f.Rule == "k8s/invalid-manifest").ShouldBeEmpty();
        lint.Set.Autoscalers.ShouldHaveSingleItem().MinReplicas.ShouldBe(fewest);
    }

    [Fact]
    public void MaxReplicas_Unset_OneRequiredFieldFindingAndTheMinimumStillCounts()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", Bounds, "  minReplicas: 4");

        var lint = Lint.Text(text);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe("HorizontalPodAutoscaler shop/storefront: spec.maxReplicas is unset, and a HorizontalPodAutoscaler requires it: kubectl apply refuses it (spec.maxReplicas: Required value)");
        lint.Set.Autoscalers.ShouldHaveSingleItem().MinReplicas.ShouldBe(4);
    }

    [Fact]
    public void MinReplicas_Zero_CriticalFindingNamingTheFeatureGate()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", Bounds, "  minReplicas: 0\n  maxReplicas: 20");

        var lint = Lint.Text(text);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Domain.Findings.Severity.Critical);
        finding.Message.ShouldBe("HorizontalPodAutoscaler shop/storefront: spec.minReplicas is 0, which the API server refuses unless its alpha HPAScaleToZero feature gate is on (spec.minReplicas: must be greater than or equal to 1); linted at 0 pods");
        finding.Location!.Line.ShouldBe(117);
        finding.Evidence["featureGate"].ShouldBe("HPAScaleToZero");
        lint.Set.Autoscalers.ShouldHaveSingleItem().MinReplicas.ShouldBe(0);
    }
}
