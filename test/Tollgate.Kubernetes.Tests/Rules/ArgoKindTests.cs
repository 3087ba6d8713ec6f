using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on <c>argoproj.io</c>, the group Argo Rollouts, Argo CD, Argo Workflows and Argo Events share:
/// a mistyped kind (<c>Rollouts</c>) is found with the kind meant, instead of passing while the rollout rules skip it;
/// every kind those projects install passes.
/// </summary>
public sealed class ArgoKindTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private static List<Domain.Findings.Finding> Invalid(params string[] documents) =>
        [.. Lint.Text(All([.. documents, SafeBudget])).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Theory]
    [InlineData("Rollout")]
    [InlineData("AnalysisTemplate")]
    [InlineData("ClusterAnalysisTemplate")]
    [InlineData("AnalysisRun")]
    [InlineData("Experiment")]
    [InlineData("Application")]
    [InlineData("ApplicationSet")]
    [InlineData("AppProject")]
    [InlineData("Workflow")]
    [InlineData("WorkflowTemplate")]
    [InlineData("ClusterWorkflowTemplate")]
    [InlineData("CronWorkflow")]
    [InlineData("WorkflowTaskSet")]
    [InlineData("WorkflowTaskResult")]
    [InlineData("WorkflowEventBinding")]
    [InlineData("WorkflowArtifactGCTask")]
    [InlineData("EventSource")]
    [InlineData("Sensor")]
    [InlineData("EventBus")]
    [InlineData("ArgoCD")]
    [InlineData("ArgoCDExport")]
    [InlineData("NamespaceManagement")]
    [InlineData("NotificationsConfiguration")]
    [InlineData("RolloutManager")]
    public void Kind_InstalledByAnArgoProject_NotFound(string kind)
    {
        var manifest = kind == "Rollout"
            ? Rollout("web", 4, "- setWeight: 50\n- pause: {}")
            : $"apiVersion: argoproj.io/v1alpha1\nkind: {kind}\nmetadata: {{name: other}}\n";

        Invalid(Deployment("web"), manifest).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Rollouts", "Rollout")]
    [InlineData("Rolout", "Rollout")]
    [InlineData("rollout", "Rollout")]
    [InlineData("AnalysisTemplates", "AnalysisTemplate")]
    [InlineData("Aplication", "Application")]
    [InlineData("CronWorkflows", "CronWorkflow")]
    [InlineData("EventSources", "EventSource")]
    public void Kind_NearAnArgoKind_FoundWithTheKindMeant(string typo, string meant)
    {
        var rollout = Rollout("web", 4, "- setWeight: 50\n- pause: {}").Replace("kind: Rollout", $"kind: {typo}", StringComparison.Ordinal);

        var finding = Invalid(Deployment("api"), rollout).ShouldHaveSingleItem();

        finding.Address.ShouldBe($"{typo}/default/web");
        finding.Message.ShouldBe($"{typo} default/web: argoproj.io/v1alpha1 has no kind {typo}; did you mean {meant}?: kubectl apply finds no such kind (no matches for kind), and no rule reads it");
        finding.Suggestion.ShouldBe($"apiVersion: argoproj.io/v1alpha1\nkind: {meant}");
    }

    [Fact]
    public void Kind_OfAnotherGroupUnderArgoproj_FoundWithItsApiVersion()
    {
        var deployment = Deployment("web").Replace("apiVersion: apps/v1", "apiVersion: argoproj.io/v1alpha1", StringComparison.Ordinal);

        Invalid(Deployment("api"), deployment).ShouldHaveSingleItem().Suggestion.ShouldBe("apiVersion: apps/v1\nkind: Deployment");
    }

    [Fact]
    public void Kind_FarFromEveryArgoKind_LeftAloneAsAnotherArgoprojLabsKind()
    {
        // argoproj.io is open to argoproj-labs projects: a kind the lint does not know is not called unknown.
        Invalid(Deployment("web"), "apiVersion: argoproj.io/v1alpha1\nkind: GitOpsPromotionGate\nmetadata: {name: other}\n").ShouldBeEmpty();
    }

    [Fact]
    public void Lint_MistypedRolloutAlone_FailsInsteadOfHolding()
    {
        var rollout = Rollout("web", 4, "- setWeight: 50\n- pause: {}").Replace("kind: Rollout", "kind: Rollouts", StringComparison.Ordinal);

        var lint = Lint.Text(All(rollout, SafeBudget));

        lint.Set.Workloads.ShouldBeEmpty();
        lint.Findings.ShouldHaveSingleItem().Severity.ShouldBe(Domain.Findings.Severity.Critical);
    }
}
