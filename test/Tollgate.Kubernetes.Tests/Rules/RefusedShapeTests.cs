using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on shapes that passed before though they are refused when applied: a rollingUpdate
/// beside a Recreate (Deployment) or OnDelete (StatefulSet) update, and a Rollout with both a workloadRef and its own
/// template; and where a workloadRef Rollout's container findings point.
/// </summary>
public sealed class RefusedShapeTests
{
    private const string Budget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n";

    private const string StatefulSet = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web}
        spec:
          replicas: 3
          serviceName: web
          updateStrategy: STRATEGY
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: c, image: x, readinessProbe: {httpGet: {path: /r, port: 80}}}]

        """;

    private static List<Domain.Findings.Finding> Invalid(params string[] documents) =>
        [.. Lint.Text(All(documents)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Fact]
    public void RecreateWithRollingUpdate_Deployment_FoundAtRollingUpdate()
    {
        var finding = Invalid(Deployment("web", extraSpec: "minReadySeconds: 10\n  strategy:\n    type: Recreate\n    rollingUpdate: {maxUnavailable: 1}"), Budget).ShouldHaveSingleItem();

        finding.Message.ShouldBe("Deployment default/web: spec.strategy.rollingUpdate is set with spec.strategy.type Recreate, which replaces no pod by rolling: the API server refuses it (spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate')");
        finding.Location!.Line.ShouldBe(11);
    }

    [Theory]
    [InlineData("{type: OnDelete, rollingUpdate: {partition: 0}}", true)]
    [InlineData("{type: OnDelete, rollingUpdate: {}}", true)]
    [InlineData("{type: OnDelete, rollingUpdate: null}", false)]
    [InlineData("{type: OnDelete}", false)]
    [InlineData("{type: RollingUpdate, rollingUpdate: {partition: 0}}", false)]
    public void OnDeleteWithRollingUpdate_StatefulSet_Found(string strategy, bool found)
    {
        var findings = Invalid(StatefulSet.Replace("STRATEGY", strategy, StringComparison.Ordinal), Budget);

        findings.Count.ShouldBe(found ? 1 : 0);
        if (found)
        {
            findings[0].Message.ShouldStartWith("StatefulSet default/web: spec.updateStrategy.rollingUpdate is set with spec.updateStrategy.type OnDelete");
            findings[0].Message.ShouldContain("only allowed for updateStrategy 'RollingUpdate'");
        }
    }

    [Fact]
    public void RecreateWithoutRollingUpdate_Deployment_NotFound()
    {
        Invalid(Deployment("web", extraSpec: "minReadySeconds: 10\n  strategy: {type: Recreate}"), Budget).ShouldBeEmpty();
    }

    private const string RefRollout = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          replicas: 10
          minReadySeconds: 10
          selector: {matchLabels: {app: web}}
          workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        TEMPLATE  strategy:
            canary:
              steps: [{setWeight: 10}, {pause: {duration: 60}}]

        """;

    private const string OwnTemplate = "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: own, image: x, readinessProbe: {httpGet: {path: /r, port: 80}}}]\n";

    [Fact]
    public void WorkloadRefWithTemplate_Rollout_FoundAndNotedWhenTheDeploymentIsMissing()
    {
        var lint = Lint.Text(All(RefRollout.Replace("TEMPLATE", OwnTemplate, StringComparison.Ordinal), Budget));

        var finding = lint.Findings.Where(f => f.Rule == "k8s/invalid-manifest").ShouldHaveSingleItem();
        finding.Message.ShouldBe("Rollout default/web: spec.template has pod labels beside spec.workloadRef (Deployment web), and a Rollout takes its pod template from one or the other: the Argo Rollouts controller refuses it (InvalidSpec: template must be empty for workload reference rollout) and never rolls it out");
        finding.Location!.Line.ShouldBe(10); // the template's labels
        lint.Set.Notes.ShouldHaveSingleItem().ShouldContain("takes its pods from Deployment default/web (workloadRef), which is not in the inputs");
        Invalid(RefRollout.Replace("TEMPLATE", "", StringComparison.Ordinal), Budget).ShouldBeEmpty();

        // Without labels or annotations Argo counts the template empty and replaces it with the Deployment's.
        var unlabelled = OwnTemplate.Replace("metadata: {labels: {app: web}}", "metadata: {}", StringComparison.Ordinal);
        Invalid(RefRollout.Replace("TEMPLATE", unlabelled, StringComparison.Ordinal), Budget).ShouldBeEmpty();
    }

    [Fact]
    public void WorkloadRefWithTemplate_DeploymentInTheInputs_ItsTemplateIsLinted()
    {
        // The Rollout's own template has a readiness probe, the Deployment's container none: read as meant, the
        // Deployment's pods are the ones that run.
        var deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: pay\n          image: pay:1\n";

        var findings = Lint.Text(All(RefRollout.Replace("TEMPLATE", OwnTemplate, StringComparison.Ordinal), Budget, deployment)).Findings;

        findings.Select(f => f.Rule).ShouldBe(["k8s/invalid-manifest", "k8s/readiness-probe"], ignoreOrder: true);
    }

    [Fact]
    public void WorkloadRef_ContainerFinding_AtTheDeploymentsContainerInItsFile()
    {
        var deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: pay\n          image: pay:1\n";
        var result = Tollgate.Kubernetes.Lint.ManifestLint.Lint(
        [
            new Tollgate.Kubernetes.Manifests.ManifestText("wr/1-deploy.yaml", deployment),
            new Tollgate.Kubernetes.Manifests.ManifestText("wr/2-rollout.yaml", All(RefRollout.Replace("TEMPLATE", "", StringComparison.Ordinal), Budget)),
        ]);

        var finding = result.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/readiness-probe");
        finding.Address.ShouldBe("Rollout/default/web");
        (finding.Location!.File, finding.Location.Line).ShouldBe(("wr/1-deploy.yaml", 11));
    }
}
