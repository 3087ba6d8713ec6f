using Tollgate.Kubernetes.Rules;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>Each rule on the smallest manifests that trip it, and on their safe twins.</summary>
public sealed class RuleTests
{
    private static List<(string Rule, string Address)> Found(params string[] documents) =>
        [.. Lint.Text(All(documents)).Findings.Select(f => (f.Rule, f.Address))];

    private static List<string> Rules(params string[] documents) => [.. Found(documents).Select(f => f.Rule).Distinct()];

    [Fact]
    public void Safe_DeploymentWithEverything_NoFinding()
    {
        Found(Deployment("web"), Pdb("web", "matchLabels: {app: web}")).ShouldBeEmpty();
    }

    [Fact]
    public void PdbMissing_NoBudget_Found()
    {
        Found(Deployment("web")).ShouldBe([("k8s/pdb-missing", "Deployment/default/web")]);
    }

    [Fact]
    public void PdbMissing_PodsWithoutLabels_SaysSoAndSuggestsLabelsBeforeTheBudget()
    {
        var unlabelled = Deployment("web").Replace("  selector:\n    matchLabels:\n      app: web\n", "", StringComparison.Ordinal)
            .Replace("  metadata:\n      labels:\n        app: web\n", "  metadata: {}\n", StringComparison.Ordinal);
        unlabelled.ShouldNotContain("app: web");

        var lint = Lint.Text(All(unlabelled));
        var finding = lint.Findings.Single(f => f.Rule == "k8s/pdb-missing");

        lint.Findings.Select(f => f.Rule).ShouldBe(["k8s/invalid-manifest", "k8s/pdb-missing"], ignoreOrder: true);
        lint.Set.Notes.ShouldBeEmpty();

        finding.Message.ShouldBe("no PodDisruptionBudget selects the 3 pods of Deployment default/web, whose pod template has no labels for a budget to select: a node drain or cluster upgrade may evict them all at once");
        finding.Suggestion.ShouldNotBeNull().ShouldStartWith("# first label the pods, in the Deployment:");
        finding.Suggestion.ShouldEndWith("  selector:\n    matchLabels:\n      app: web"); // never an empty selector, which selects every pod of the namespace
    }

    [Theory]
    [InlineData("web-old", ": HorizontalPodAutoscaler default/web scales Deployment default/web-old, which is not in the inputs: its minReplicas and scale-up pace are not checked against a rollout")]
    [InlineData("wbe", ": HorizontalPodAutoscaler default/web scales Deployment default/wbe, which is not in the inputs: its minReplicas and scale-up pace are not checked against a rollout; did you mean Deployment default/web?")]
    public void HpaVsRollout_TargetNotInTheInputs_NotedNotSilentlyIgnored(string target, string note)
    {
        // An HPA at minReplicas 2 on a 1-replica Deployment would need a budget (k8s/pdb-missing), but this one names
        // no workload of the inputs: nothing links it, and the lint says so instead of passing in silence.
        var lint = Lint.Text(All(Deployment("web", replicas: 1), Hpa("web", "Deployment", target, min: 2)));

        lint.Findings.ShouldBeEmpty();
        lint.Set.Notes.ShouldHaveSingleItem().ShouldEndWith(note);
        var linked = Lint.Text(All(Deployment("web", replicas: 1), Hpa("web", "Deployment", "web", min: 2)));
        linked.Set.Notes.ShouldBeEmpty();
        linked.Findings.Select(f => f.Rule).ShouldBe(["k8s/pdb-missing"]);
    }

    [Fact]
    public void HpaVsRollout_SeveralHpas_NotesOnlyThoseTargetingNoWorkload()
    {
        // Five HPAs, two on web (the first one written is the one that scales it), one on api, and two that name no
        // workload of the inputs: a Deployment that is not there, and api under the wrong kind.
        var lint = Lint.Text(All(
            Deployment("web", replicas: 1),
            Deployment("api", replicas: 1),
            Hpa("web", "Deployment", "web", min: 2),
            Hpa("old", "Deployment", "web-old", min: 2),
            Hpa("api", "Deployment", "api", min: 2),
            Hpa("web-too", "Deployment", "web", min: 3),
            Hpa("api-set", "StatefulSet", "api", min: 2)));

        lint.Set.Notes.Count.ShouldBe(2);
        lint.Set.Notes[0].ShouldEndWith(": HorizontalPodAutoscaler default/old scales Deployment default/web-old, which is not in the inputs: its minReplicas and scale-up pace are not checked against a rollout");
        lint.Set.Notes[1].ShouldEndWith(": HorizontalPodAutoscaler default/api-set scales StatefulSet default/api, which is not in the inputs: its minReplicas and scale-up pace are not checked against a rollout");
        lint.Set.AutoscalerTargeting("Deployment", "web", "default").ShouldNotBeNull().Source.Name.ShouldBe("web");
        lint.Set.AutoscalerTargeting("Deployment", "api", "default").ShouldNotBeNull().Source.Name.ShouldBe("api");
        lint.Set.AutoscalerTargeting("Deployment", "web", "other").ShouldBeNull();
        lint.Set.AutoscalerNamed("default", "web-too").ShouldNotBeNull().TargetName.ShouldBe("web");
        lint.Set.AutoscalerNamed("default", "gone").ShouldBeNull();
        lint.Set.FewestPods(lint.Set.Workloads.Single(w => w.Name == "web")).ShouldBe(2);
    }

    [Fact]
    public void Lint_ObjectDefinedTwice_NotedWithBothPlaces()
    {
        // Two renders of one chart in a stream: the cluster keeps only the last; before, nothing said so.
        var lint = Lint.Text(All(Deployment("web"), Pdb("web", "matchLabels: {app: web}"), Deployment("web", replicas: 1), Deployment("api")));

        var note = lint.Set.Notes.ShouldHaveSingleItem();
        note.ShouldContain("Deployment default/web is defined 2 times (");
        note.ShouldEndWith("): kubectl apply keeps the last, so the cluster runs only that one; each is linted as written");
        Lint.Text(All(Deployment("web"), Pdb("web", "matchLabels: {app: web}"))).Set.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void PdbMissing_OneReplica_NotFound()
    {
        Found(Deployment("web", replicas: 1)).ShouldBeEmpty();
    }

    [Fact]
    public void PdbMissing_BudgetInAnotherNamespace_DoesNotCover()
    {
        var pdb = Pdb("web", "matchLabels: {app: web}").Replace("  name: web", "  name: web\n  namespace: other", StringComparison.Ordinal);

        Rules(Deployment("web"), pdb).ShouldBe(["k8s/pdb-missing"]);
    }

    [Theory]
    [InlineData("matchExpressions: [{key: app, operator: In, values: [api, web]}]", true)]
    [InlineData("matchExpressions: [{key: app, operator: NotIn, values: [api]}]", true)]
    [InlineData("matchExpressions: [{key: tier, operator: DoesNotExist}]", true)]
    [InlineData("matchExpressions: [{key: app, operator: Exists}, {key: app, operator: NotIn, values: [web]}]", false)]
    [InlineData("matchLabels: {app: web, tier: front}", false)]
    [InlineData("{}", true)]
    public void PdbMissing_SelectorsMatchLikeTheApiServer(string selector, bool covers)
    {
        Rules(Deployment("web"), Pdb("web", selector)).Contains("k8s/pdb-missing").ShouldBe(!covers);
    }

    [Theory]
    [InlineData("maxUnavailable: 0", true)]
    [InlineData("maxUnavailable: 0%", true)]
    [InlineData("minAvailable: 3", true)]
    [InlineData("minAvailable: 100%", true)]
    [InlineData("minAvailable: 2", false)]
    [InlineData("minAvailable: 66%", false)]
    [InlineData("minAvailable: 67%", true)] // 2.01 pods, rounded up to 3
    [InlineData("maxUnavailable: 10%", false)]
    public void PdbBlocksEviction_AgainstThreeReplicas(string bound, bool blocks)
    {
        Rules(Deployment("web"), Pdb("web", "matchLabels: {app: web}", bound)).Contains("k8s/pdb-blocks-eviction").ShouldBe(blocks);
    }

    [Theory]
    [InlineData(1, "minAvailable 1 of the 1 pod of Deployment default/web leaves none to evict")]
    [InlineData(2, "minAvailable 2 of the 2 pods of Deployment default/web leaves none to evict")]
    public void PdbBlocksEviction_MinAvailableOfEveryPod_CountedInTheRightNumber(int replicas, string problem)
    {
        var finding = Lint.Text(All(Deployment("web", replicas), Pdb("web", "matchLabels: {app: web}", $"minAvailable: {replicas}"))).Findings.Single(f => f.Rule == "k8s/pdb-blocks-eviction");

        finding.Message.ShouldContain(problem);
    }

    [Fact]
    public void Evidence_CountsAreNumbersAndPercentagesText()
    {
        var spec = "minReadySeconds: 10\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 100%}}";

        var findings = Lint.Text(All(Deployment("web", 3, extraSpec: spec), Pdb("web", "matchLabels: {app: web}", "minAvailable: 3"))).Findings;

        var rolling = findings.Single(f => f.Rule == "k8s/max-unavailable").Evidence;
        (rolling["maxSurge"], rolling["maxUnavailable"]).ShouldBe(((object?)0, (object?)"100%"));
        var budget = findings.Single(f => f.Rule == "k8s/pdb-blocks-eviction").Evidence;
        (budget["minAvailable"], budget["maxUnavailable"]).ShouldBe(((object?)3, (object?)null));
    }

    [Fact]
    public void PdbBlocksEviction_MinAvailableAtTheHpasMinimum_Found()
    {
        Rules(Deployment("web", replicas: 6), Pdb("web", "matchLabels: {app: web}", "minAvailable: 2"), Hpa("web", "Deployment", "web", min: 2))
            .ShouldBe(["k8s/pdb-blocks-eviction"]);
    }

    [Theory]
    [InlineData("minReadySeconds: 0", true)]
    [InlineData("paused: false", true)]
    [InlineData("minReadySeconds: 5", false)]
    [InlineData("strategy: {type: Recreate}", false)]
    public void MinReadySeconds(string extraSpec, bool found)
    {
        Rules(Deployment("web", extraSpec: extraSpec), Pdb("web", "matchLabels: {app: web}")).Contains("k8s/min-ready-seconds").ShouldBe(found);
    }

    [Fact]
    public void MinReadySeconds_StatefulSetOnDelete_NotFound()
    {
        var set = Deployment("db", extraSpec: "updateStrategy: {type: OnDelete}\n  serviceName: db").Replace("kind: Deployment", "kind: StatefulSet", StringComparison.Ordinal);

        Rules(set, Pdb("db", "matchLabels: {app: db}")).ShouldBeEmpty();
    }

    [Fact]
    public void ReadinessProbe_Missing_Found()
    {
        var probes = "          livenessProbe:\n            tcpSocket: {port: 8080}";

        Rules(Deployment("web", probes: probes), Pdb("web", "matchLabels: {app: web}")).ShouldBe(["k8s/readiness-probe"]);
    }

    [Fact]
    public void ReadinessProbe_SameCheckAsLivenessWithOtherTiming_Found()
    {
        var probes = "          readinessProbe:\n            httpGet: {path: /healthz, port: 8080}\n            periodSeconds: 5\n          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n            periodSeconds: 20";

        var finding = Lint.Text(All(Deployment("web", probes: probes), Pdb("web", "matchLabels: {app: web}"))).Findings.Single();

        finding.Rule.ShouldBe("k8s/readiness-probe");
        finding.Message.ShouldContain("same check (httpGet /healthz on port 8080)");
    }

    [Theory]
    [InlineData(4, "- setWeight: 20", true)]
    [InlineData(5, "- setWeight: 20", false)]
    [InlineData(10, "- setWeight: 5\n- pause: {}\n- setWeight: 50", true)]
    [InlineData(1, "- setWeight: 100", false)]
    public void CanaryStepTooSmall_UnroutedCanary(int replicas, string steps, bool found)
    {
        Rules(Rollout("r", replicas, steps), Pdb("r", "matchLabels: {app: r}")).Contains("k8s/canary-step-too-small").ShouldBe(found);
    }

    [Fact]
    public void CanaryStepTooSmall_TrafficRouted_NotFound()
    {
        Rules(Rollout("r", 4, "- setWeight: 5", "canaryService: r-canary\n      stableService: r\n      trafficRouting: {nginx: {stableIngress: r}}"), Pdb("r", "matchLabels: {app: r}")).ShouldBeEmpty();
    }

    [Fact]
    public void CanaryStepTooSmall_PointsAtTheStepsLine()
    {
        var finding = Lint.Text(All(Rollout("r", 4, "- setWeight: 50\n- pause: {duration: 1m}\n- setWeight: 10"), Pdb("r", "matchLabels: {app: r}"))).Findings.Single();

        finding.Location!.Line.ShouldBe(29);
        finding.Evidence["steps"].ShouldBe(new List<int> { 2 });
    }

    [Fact]
    public void HpaVsRollout_MinReplicasTooFewForTheFirstStep_Found()
    {
        var found = Found(Rollout("r", 10, "- setWeight: 10"), Pdb("r", "matchLabels: {app: r}"), Hpa("r", "Rollout", "r", min: 3));

        found.ShouldBe([("k8s/hpa-vs-rollout", "Rollout/default/r")]);
    }

    [Theory]
    [InlineData("behavior: {scaleUp: {stabilizationWindowSeconds: 300}}", "30s", true)]
    [InlineData("behavior: {scaleUp: {stabilizationWindowSeconds: 300}}", "10m", false)]
    [InlineData("behavior: {scaleUp: {selectPolicy: Disabled}}", "10m", true)]
    [InlineData("", "30s", false)]
    public void HpaVsRollout_ScaleUpPaceAgainstThePauses(string behavior, string pause, bool found)
    {
        Rules(Rollout("r", 10, $"- setWeight: 20\n- pause: {{duration: {pause}}}"), Pdb("r", "matchLabels: {app: r}"), Hpa("r", "Rollout", "r", min: 10, behavior))
            .Contains("k8s/hpa-vs-rollout").ShouldBe(found);
    }

    [Theory]
    [InlineData("maxUnavailable: 100%", true)]
    [InlineData("maxUnavailable: 3", true)]
    [InlineData("maxUnavailable: 99%", false)]
    [InlineData("maxUnavailable: 2", false)]
    public void MaxUnavailable_AgainstThreeReplicas(string bound, bool found)
    {
        var spec = $"minReadySeconds: 10\n  strategy: {{type: RollingUpdate, rollingUpdate: {{{bound}, maxSurge: 1}}}}";

        Rules(Deployment("web", extraSpec: spec), Pdb("web", "matchLabels: {app: web}")).Contains("k8s/max-unavailable").ShouldBe(found);
    }

    [Fact]
    public void MaxUnavailable_DefaultOnOneReplica_RoundsDown()
    {
        Rules(Deployment("web", replicas: 1)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1, "maxSurge: 0%, maxUnavailable: 50%", true)]
    [InlineData(1, "maxSurge: 0, maxUnavailable: 99%", true)]
    [InlineData(1, "maxSurge: 10%, maxUnavailable: 50%", false)] // surge rounds up to 1: a new pod comes first
    [InlineData(2, "maxSurge: 0%, maxUnavailable: 10%", false)] // 1 of 2 pods down leaves one serving
    public void MaxUnavailable_BothBoundsRoundToZero_KubernetesTakesOnePodDown(int replicas, string bounds, bool found)
    {
        // Kubernetes' ResolveFenceposts: when maxSurge (rounded up) and maxUnavailable (rounded down) both come to 0,
        // the controller sets maxUnavailable to 1, which on 1 pod is the only one.
        var spec = $"minReadySeconds: 10\n  strategy: {{type: RollingUpdate, rollingUpdate: {{{bounds}}}}}";

        var findings = Lint.Text(All(Deployment("web", replicas, extraSpec: spec), Pdb("web", "matchLabels: {app: web}"))).Findings;

        findings.Any(f => f.Rule == "k8s/max-unavailable").ShouldBe(found);
        if (found)
        {
            findings.Single(f => f.Rule == "k8s/max-unavailable").Message.ShouldStartWith(
                $"Deployment default/web: maxUnavailable {bounds[(bounds.LastIndexOf(' ') + 1)..]} of 1 pod rounds down to 0 and maxSurge {bounds[10..bounds.IndexOf(',')]} up to 0, so Kubernetes uses maxUnavailable 1: the rolling update takes the only pod down");
        }
    }

    [Fact]
    public void MaxUnavailable_BothBoundsRoundToZeroAtHpaMinReplicas_Found()
    {
        var spec = "minReadySeconds: 10\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0%, maxUnavailable: 50%}}";

        var finding = Lint.Text(All(Deployment("web", 4, extraSpec: spec), Hpa("web", "Deployment", "web", min: 1))).Findings.Single(f => f.Rule == "k8s/max-unavailable");

        finding.Message.ShouldContain("maxUnavailable 50% of 1 pod (at HorizontalPodAutoscaler default/web's minReplicas) rounds down to 0");
    }

    [Fact]
    public void MaxUnavailable_RolloutCanaryBoundsRoundToZero_ArgoRolloutsTakesOnePodDown()
    {
        var rollout = Rollout("r", 1, "- pause: {duration: 10}", "maxSurge: \"0%\"\n      maxUnavailable: \"50%\"");

        var finding = Lint.Text(All(rollout)).Findings.Single(f => f.Rule == "k8s/max-unavailable");

        finding.Message.ShouldBe("Rollout default/r: maxUnavailable 50% of 1 pod rounds down to 0 and maxSurge 0% up to 0, so Argo Rollouts uses maxUnavailable 1: the rolling update takes the only pod down before a new one is ready");
    }

    [Theory]
    [InlineData("ports: [{containerPort: 9000}]", "port: 9000")]
    [InlineData("ports: [{containerPort: 9000}, {name: metrics, containerPort: 9100}]", "port: metrics")]
    [InlineData("ports: []", "port: <port>")] // refused by the API server as a port name: never applied as is
    [InlineData("env: []", "port: <port>")]
    public void ReadinessProbe_Missing_SuggestsTheContainersOwnPort(string ports, string port)
    {
        var deployment = Deployment("web", probes: $"          {ports}");

        var finding = Lint.Text(All(deployment, Pdb("web", "matchLabels: {app: web}"))).Findings.Single(f => f.Rule == "k8s/readiness-probe");

        finding.Suggestion.ShouldBe($"readinessProbe:\n  httpGet:\n    path: /ready\n    {port}\n  periodSeconds: 5\n  failureThreshold: 3");
    }

    [Fact]
    public void Registrations_EveryRuleHasItsProductIdAndPillar()
    {
        ManifestRules.Registrations.Select(r => r.Id).ShouldBe(
            ["k8s/pdb-missing", "k8s/pdb-blocks-eviction", "k8s/min-ready-seconds", "k8s/readiness-probe", "k8s/canary-step-too-small", "k8s/hpa-vs-rollout", "k8s/max-unavailable", "k8s/invalid-manifest"],
            ignoreOrder: true);
        ManifestRules.Registrations.ShouldAllBe(r => r.Pillar == ManifestRules.Pillar);
    }
}
