using Tollgate.Kubernetes.Objects;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on what a Rollout's own CRD refuses: an <c>apiVersion</c> that misspells
/// <c>argoproj.io</c> or the <c>v1alpha1</c> Argo Rollouts serves, and a field its schema does not declare
/// (<c>spec.strategy.canary.setps</c>), each with the one meant. Before, both passed silently: the misspelt group
/// was an ignored object, the misspelt field was dropped, and a Rollout without its steps went to 100% at once.
/// </summary>
public sealed class ArgoRolloutSpecTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private static List<Domain.Findings.Finding> Invalid(params string[] documents) =>
        [.. Lint.Text(All([.. documents, SafeBudget])).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    private static string Web(string steps = "- setWeight: 50\n- pause: {}", string canaryExtra = "") => Rollout("web", 4, steps, canaryExtra);

    [Theory]
    [InlineData("argoproj.io/v1alpah1", "argoproj.io serves Rollout in v1alpha1 only")]
    [InlineData("argoproj.io/v1beta1", "argoproj.io serves Rollout in v1alpha1 only")]
    [InlineData("argoprj.io/v1alpha1", "there is no API group argoprj.io")]
    [InlineData("argoproj.i/v1alpah1", "there is no API group argoproj.i")]
    public void ApiVersion_MisspeltForARollout_FoundWithTheApiVersionMeantAndLintedAsIt(string apiVersion, string why)
    {
        var rollout = Web().Replace("apiVersion: argoproj.io/v1alpha1", $"apiVersion: {apiVersion}", StringComparison.Ordinal);

        var lint = Lint.Text(All(rollout, SafeBudget));

        var finding = lint.Findings.Where(f => f.Rule == "k8s/invalid-manifest").ShouldHaveSingleItem();
        finding.Message.ShouldBe($"Rollout default/web: {apiVersion} has no kind Rollout ({why}); did you mean argoproj.io/v1alpha1?: kubectl apply finds no such kind (no matches for kind \"Rollout\" in version \"{apiVersion}\"); linted as argoproj.io/v1alpha1");
        finding.Suggestion.ShouldBe("apiVersion: argoproj.io/v1alpha1\nkind: Rollout");
        lint.Set.Workloads.ShouldHaveSingleItem().Kind.ShouldBe("Rollout");
    }

    [Fact]
    public void ApiVersion_MisspeltAppsGroup_FoundAndLintedAsADeployment()
    {
        var deployment = Deployment("web").Replace("apiVersion: apps/v1", "apiVersion: app/v1", StringComparison.Ordinal);

        var lint = Lint.Text(All(deployment, SafeBudget));

        lint.Findings.Where(f => f.Rule == "k8s/invalid-manifest").ShouldHaveSingleItem().Suggestion.ShouldBe("apiVersion: apps/v1\nkind: Deployment");
        lint.Set.Workloads.ShouldHaveSingleItem().Kind.ShouldBe("Deployment");
    }

    [Theory]
    [InlineData("apiVersion: argoproj.io/v1beta1\nkind: ArgoCD\nmetadata: {name: argocd}\n")]
    [InlineData("apiVersion: example.io/v1alpha1\nkind: Rollout\nmetadata: {name: other}\n")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: other}\nspec: {setps: 1}\n")]
    public void ApiVersion_OtherProjectsVersionOrAnotherGroupsKind_LeftAlone(string manifest)
    {
        Invalid(Web(), manifest).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("  minReadySeconds: 10\n", "  minReadySecond: 10\n", "spec.minReadySecond", "spec.minReadySeconds")]
    [InlineData("      steps:\n", "      setps:\n", "spec.strategy.canary.setps", "spec.strategy.canary.steps")]
    [InlineData("- setWeight: 50", "- setWieght: 50", "spec.strategy.canary.steps[0].setWieght", "spec.strategy.canary.steps[0].setWeight")]
    [InlineData("- pause: {}", "- pause: {duraton: 1m}", "spec.strategy.canary.steps[1].pause.duraton", "spec.strategy.canary.steps[1].pause.duration")]
    [InlineData("  strategy:\n", "  workloadRef: {apiVersion: apps/v1, kind: Deployment, nmae: web}\n  strategy:\n", "spec.workloadRef.nmae", "spec.workloadRef.name")]
    public void Field_NotInTheRolloutCrd_FoundWithTheFieldMeantAtItsLine(string written, string mistyped, string path, string meant)
    {
        var rollout = Web().Replace(written, mistyped, StringComparison.Ordinal);
        var key = path[(path.LastIndexOf('.') + 1)..];
        var keyLine = rollout.Split('\n').ToList().FindIndex(l => l.Contains(key + ":", StringComparison.Ordinal)) + 1;

        // A workloadRef beside the Rollout's own labelled template is also refused (Argo's InvalidSpec), as its own finding.
        var finding = Invalid(rollout).Where(f => !f.Message.Contains("beside spec.workloadRef", StringComparison.Ordinal)).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: {path} is not a field of a Rollout; did you mean {meant[(meant.LastIndexOf('.') + 1)..]}?: kubectl apply refuses it (strict decoding error: unknown field \"{path}\"), and applied without validation the API server drops it; linted as {meant}");
        finding.Suggestion.ShouldBe($"rename {path} to {meant}");
        finding.Evidence["field"].ShouldBe(path);
        // The value's line: the key's, or the next for a block value.
        finding.Location!.Line.ShouldBeInRange(keyLine, keyLine + 1);
    }

    [Fact]
    public void Field_FarFromEveryField_FoundWithTheFieldsTaken()
    {
        var finding = Invalid(Web(canaryExtra: "rolloutSpeed: fast")).ShouldHaveSingleItem();

        finding.Message.ShouldStartWith("Rollout default/web: spec.strategy.canary.rolloutSpeed is not a field of a Rollout: kubectl apply refuses it");
        finding.Suggestion.ShouldBe($"remove spec.strategy.canary.rolloutSpeed: spec.strategy.canary takes {string.Join(", ", ApiFields.Known.Of("Rollout.spec.strategy.canary")!)}");
        ApiFields.Known.Of("Rollout.spec.strategy.canary")!.ShouldContain("steps");
    }

    [Fact]
    public void Field_WhereTheCrdKeepsAnyField_LeftAlone()
    {
        // Plugin configuration is the plugin's (the CRD keeps unknown fields there). The pod template is checked
        // against Kubernetes' schema (KubernetesFieldTests).
        var rollout = Web(
            "- setWeight: 50\n- plugin: {name: argoproj-labs/step-plugin, config: {anything: 1}}\n- pause: {}",
            "trafficRouting: {plugins: {argoproj-labs/gatewayAPI: {httpRoute: web}}}");

        Invalid(rollout).ShouldBeEmpty();
    }

    [Fact]
    public void Field_EveryKindOfStepAndStrategyTheCrdDeclares_Passes()
    {
        var canary = Web(
            """
            - setCanaryScale: {weight: 25, matchTrafficWeight: false}
            - setHeaderRoute: {name: header, match: [{headerName: x-canary, headerValue: {exact: "true"}}]}
            - setMirrorRoute: {name: mirror, percentage: 10, match: [{method: {exact: GET}}]}
            - setWeight: 25
            - analysis: {templates: [{templateName: success-rate, clusterScope: false}], args: [{name: pod-hash, valueFrom: {podTemplateHashValue: Latest}}]}
            - experiment: {duration: 5m, templates: [{name: canary, specRef: canary, weight: 5}], analyses: [{name: a, templateName: success-rate}]}
            - pause: {duration: 1h}
            """,
            """
            canaryService: web-canary
                  stableService: web-stable
                  maxSurge: 25%
                  maxUnavailable: 0
                  dynamicStableScale: true
                  abortScaleDownDelaySeconds: 30
                  canaryMetadata: {labels: {role: canary}}
                  analysis: {templates: [{templateName: success-rate}], startingStep: 2, args: [{name: svc, value: web}]}
                  trafficRouting: {istio: {virtualService: {name: web, routes: [primary]}, destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}}, managedRoutes: [{name: header}, {name: mirror}]}
            """);
        var blueGreen = Web().Replace(
            "    canary:\n",
            "    blueGreen:\n      activeService: web\n      previewService: web-preview\n      autoPromotionEnabled: false\n      prePromotionAnalysis: {templates: [{templateName: smoke}]}\n      scaleDownDelaySeconds: 30\n    canery:\n",
            StringComparison.Ordinal);

        Invalid(canary).ShouldBeEmpty();
        // canery is read as the canary meant, and a Rollout of both strategies is refused too.
        Invalid(blueGreen).Select(f => f.Evidence["field"]).ShouldBe(["spec.strategy", "spec.strategy.canery"]);
    }
}
