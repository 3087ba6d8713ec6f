using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary><c>k8s/invalid-manifest</c>: what <c>kubectl apply</c> (or the Argo Rollouts controller) refuses is a finding that fails the gate, not a note.</summary>
public sealed class InvalidManifestTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private static List<Finding> Invalid(params string[] documents) =>
        [.. Lint.Text(All([.. documents, SafeBudget])).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    private static string WithoutSelector(string manifest)
    {
        var without = manifest.Replace("  selector:\n    matchLabels:\n      app: web\n", "", StringComparison.Ordinal);
        without.ShouldNotContain("selector");
        return without;
    }

    [Fact]
    public void Selector_MissingOnAppsV1Deployment_CriticalFindingWithTheSelectorToAdd()
    {
        var manifest = WithoutSelector(Deployment("web"));
        var lines = manifest.TrimEnd('\n').Split('\n');

        var finding = Invalid(manifest).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Address.ShouldBe("Deployment/default/web");
        finding.Location.ShouldBe(new SourceLocation("test.yaml", 1) { EndLine = lines.Length, EndColumn = lines[^1].Length + 1 }, "the object, to its last value");
        finding.Message.ShouldBe("Deployment default/web has no spec.selector, which apps/v1 requires: the API server refuses it as written");
        finding.Suggestion.ShouldBe("spec:\n  selector:\n    matchLabels:\n      app: web");
        Invalid(Deployment("web")).ShouldBeEmpty();
    }

    [Fact]
    public void Selector_MissingOnStatefulSet_Found()
    {
        var statefulSet = WithoutSelector(Deployment("web")).Replace("kind: Deployment", "kind: StatefulSet", StringComparison.Ordinal);

        Invalid(statefulSet).ShouldHaveSingleItem().Message.ShouldBe("StatefulSet default/web has no spec.selector, which apps/v1 requires: the API server refuses it as written");
    }

    [Fact]
    public void Selector_MissingOnRollout_FoundUnlessItTakesItsPodsFromAWorkloadRef()
    {
        var rollout = WithoutSelector(Rollout("web", 4, "- setWeight: 50\n- pause: {}"));
        var referenced = $"apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {{name: web-ref}}\nspec:\n  replicas: 3\n  minReadySeconds: 10\n  workloadRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}\n  strategy: {{canary: {{steps: [{{setWeight: 50}}, {{pause: {{}}}}]}}}}\n";

        Invalid(rollout).ShouldHaveSingleItem().Message.ShouldBe("Rollout default/web has no spec.selector, which argoproj.io/v1alpha1 requires: the Argo Rollouts controller refuses it (InvalidSpec) and never rolls it out");
        Invalid(Deployment("web", replicas: 0), referenced).ShouldBeEmpty();
    }

    [Fact]
    public void Selector_Empty_Found()
    {
        var empty = Deployment("web").Replace("  selector:\n    matchLabels:\n      app: web\n", "  selector: {}\n", StringComparison.Ordinal);

        Invalid(empty).ShouldHaveSingleItem().Message.ShouldBe("Deployment default/web has an empty spec.selector, which would select every pod of the namespace: the API server refuses it as written");
    }

    [Theory]
    [InlineData("matchLabels: {app: api}", "spec.selector (app=api) does not select its own pod template (app=web)")]
    [InlineData("matchExpressions: [{key: app, operator: NotIn, values: [web]}]", "spec.selector (app notin (web)) does not select its own pod template (app=web)")]
    public void Selector_NotMatchingTheTemplate_Found(string selector, string message)
    {
        var mismatched = Deployment("web").Replace("  selector:\n    matchLabels:\n      app: web\n", $"  selector: {{{selector}}}\n", StringComparison.Ordinal);

        var finding = Invalid(mismatched).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Deployment default/web: {message}: the API server refuses it as written");
        finding.Evidence["podLabels"].ShouldBe("app=web");
    }

    [Fact]
    public void Selector_NotMatchingTheTemplate_SuggestsLabellingTheTemplate()
    {
        var mismatched = Deployment("web").Replace("      app: web\n  template", "      app: web\n      tier: front\n  template", StringComparison.Ordinal);

        Invalid(mismatched).ShouldHaveSingleItem().Suggestion.ShouldBe(
            "# label the pod template as the selector selects (a selector cannot be changed once applied)\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: front");
        Invalid(Deployment("web", labels: "tier: front")).ShouldBeEmpty(); // a template may carry more labels than its selector
    }

    [Theory]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {labels: {app: api}}\nspec: {selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}}}\n", "Deployment/default/(unnamed)")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: \"\", namespace: shop}\n", "Service/shop/(unnamed)")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\n", "ConfigMap/default/(unnamed)")]
    public void Name_Missing_FoundOnEveryKind(string unnamed, string address)
    {
        var finding = Invalid(Deployment("web"), unnamed).ShouldHaveSingleItem();

        finding.Address.ShouldBe(address);
        finding.Message.ShouldEndWith("has no metadata.name (nor generateName), which the API server requires: kubectl apply refuses it as written");
        finding.Location!.Line.ShouldBeGreaterThan(1);
        Invalid(Deployment("web"), "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-}\n").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Deployment", "Deployment default/web: v1 has no kind Deployment: a Deployment is apiVersion apps/v1", "apiVersion: apps/v1\nkind: Deployment")]
    [InlineData("apiVersion: apps/v1\nkind: Deploymnet", "Deploymnet default/web: apps/v1 has no kind Deploymnet; did you mean Deployment?", "apiVersion: apps/v1\nkind: Deployment")]
    [InlineData("apiVersion: policy/v1\nkind: PodDisruptionBuget", "PodDisruptionBuget default/web: policy/v1 has no kind PodDisruptionBuget; did you mean PodDisruptionBudget?", "apiVersion: policy/v1\nkind: PodDisruptionBudget")]
    public void Kind_NotInItsApiGroup_FoundInsteadOfIgnored(string header, string problem, string suggestion)
    {
        var typo = Deployment("web").Replace("apiVersion: apps/v1\nkind: Deployment", header, StringComparison.Ordinal);

        var finding = Invalid(Deployment("api"), typo).ShouldHaveSingleItem();

        finding.Message.ShouldBe(problem + ": kubectl apply finds no such kind (no matches for kind), and no rule reads it");
        finding.Suggestion.ShouldBe(suggestion);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service")]
    [InlineData("apiVersion: v1\nkind: List\nitems: []")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate")]
    [InlineData("apiVersion: rollouts.kruise.io/v1beta1\nkind: Rollout")]
    [InlineData("apiVersion: example.com/v1\nkind: Widget")]
    public void Kind_OfItsGroupOrOfACustomResource_NotFound(string header)
    {
        Invalid(Deployment("web"), header + "\nmetadata: {name: other}\n").ShouldBeEmpty();
    }

    [Fact]
    public void Lint_OtherwiseSafeButUnappliable_NoNoteOnlyTheFinding()
    {
        var lint = Lint.Text(All(WithoutSelector(Deployment("web")), SafeBudget));

        lint.Set.Notes.ShouldBeEmpty();
        lint.Findings.Select(f => f.Rule).ShouldBe(["k8s/invalid-manifest"]);
    }
}
