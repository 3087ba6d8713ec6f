using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on API versions Kubernetes no longer serves (the Deprecated API Migration Guide): a current
/// cluster answers "no matches for kind", so the lint fails with the release that removed it and the apiVersion to write;
/// the other rules read such an object as its replacement reads it.
/// </summary>
public sealed class RemovedApiTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private static List<Finding> Invalid(params string[] documents) =>
        [.. Lint.Text(All([.. documents, SafeBudget])).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    private static string Versioned(string manifest, string apiVersion) =>
        manifest.Replace(manifest[..manifest.IndexOf('\n', StringComparison.Ordinal)], $"apiVersion: {apiVersion}", StringComparison.Ordinal);

    private static string StatefulSet(string apiVersion) =>
        Versioned(Deployment("web"), apiVersion).Replace("kind: Deployment", "kind: StatefulSet", StringComparison.Ordinal);

    private static string Hpa(string apiVersion) => Versioned(Manifests.Manifests.Hpa("web", "Deployment", "web", 3), apiVersion);

    public static TheoryData<string, string, string, string> Removed => new()
    {
        { Versioned(Deployment("web"), "extensions/v1beta1"), "extensions/v1beta1 Deployment", "1.16", "apps/v1" },
        { Versioned(Deployment("web"), "apps/v1beta1"), "apps/v1beta1 Deployment", "1.16", "apps/v1" },
        { Versioned(Deployment("web"), "apps/v1beta2"), "apps/v1beta2 Deployment", "1.16", "apps/v1" },
        { StatefulSet("apps/v1beta1"), "apps/v1beta1 StatefulSet", "1.16", "apps/v1" },
        { StatefulSet("apps/v1beta2"), "apps/v1beta2 StatefulSet", "1.16", "apps/v1" },
        { Pdb("web", "matchLabels: {app: web}", apiVersion: "policy/v1beta1"), "policy/v1beta1 PodDisruptionBudget", "1.25", "policy/v1" },
        { Hpa("autoscaling/v2beta1"), "autoscaling/v2beta1 HorizontalPodAutoscaler", "1.25", "autoscaling/v2" },
        { Hpa("autoscaling/v2beta2"), "autoscaling/v2beta2 HorizontalPodAutoscaler", "1.26", "autoscaling/v2" },
        { "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly}\n", "batch/v1beta1 CronJob", "1.25", "batch/v1" },
        { "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: web}\n", "networking.k8s.io/v1beta1 Ingress", "1.22", "networking.k8s.io/v1" },
    };

    [Theory]
    [MemberData(nameof(Removed))]
    public void ApiVersion_NoLongerServed_FoundWithTheReleaseThatRemovedItAndItsReplacement(string manifest, string written, string removedIn, string replacement)
    {
        var kind = written[(written.IndexOf(' ', StringComparison.Ordinal) + 1)..];

        var finding = Invalid(manifest).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldEndWith($": {written} was removed in Kubernetes {removedIn} (kubectl apply: no matches for kind \"{kind}\" in version \"{written[..written.IndexOf(' ', StringComparison.Ordinal)]}\"): a {kind} is apiVersion {replacement}");
        finding.Suggestion.ShouldNotBeNull().ShouldEndWith($"apiVersion: {replacement}\nkind: {kind}");
        finding.Evidence["field"].ShouldBe("apiVersion");
        finding.Evidence["removedIn"].ShouldBe(removedIn);
        finding.Evidence["replacement"].ShouldBe(replacement);
    }

    [Theory]
    [InlineData("extensions/v1beta1", "Deployment", "# apps/v1 requires spec.selector (the template's labels), immutable once applied; maxSurge and maxUnavailable default to 25% (1 in extensions/v1beta1)")]
    [InlineData("policy/v1beta1", "PodDisruptionBudget", "# policy/v1: an empty spec.selector ({}) selects every pod of the namespace (none in policy/v1beta1)")]
    [InlineData("autoscaling/v2beta1", "HorizontalPodAutoscaler", "# autoscaling/v2 writes a metric's targetAverageUtilization: N as target: {type: Utilization, averageUtilization: N}")]
    public void ApiVersion_NoLongerServedWithASchemaChange_SuggestionSaysWhatChanged(string apiVersion, string kind, string hint)
    {
        var manifest = kind switch
        {
            "Deployment" => Deployment("web"),
            "HorizontalPodAutoscaler" => Hpa("autoscaling/v2"),
            _ => Pdb("web", "matchLabels: {app: web}"),
        };

        var finding = Invalid(Versioned(manifest, apiVersion)).ShouldHaveSingleItem();

        finding.Suggestion.ShouldNotBeNull().Split('\n')[0].ShouldBe(hint);
    }

    [Fact]
    public void ApiVersion_RemovedWithoutReplacement_SaysWhatReplacesIt()
    {
        var finding = Invalid("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\n").ShouldHaveSingleItem();

        finding.Message.ShouldBe("PodSecurityPolicy default/restricted: policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25 (kubectl apply: no matches for kind \"PodSecurityPolicy\" in version \"policy/v1beta1\")");
        finding.Suggestion.ShouldNotBeNull().ShouldContain("Pod Security Admission");
        finding.Evidence["replacement"].ShouldBeNull();
    }

    public static TheoryData<string> Served => new()
    {
        Deployment("web"),
        StatefulSet("apps/v1"),
        // A DaemonSet has no spec.replicas (kubectl apply refuses the field).
        Versioned(Deployment("web"), "apps/v1").Replace("kind: Deployment", "kind: DaemonSet", StringComparison.Ordinal).Replace("  replicas: 3\n", "", StringComparison.Ordinal),
        Pdb("web", "matchLabels: {app: web}"),
        Hpa("autoscaling/v1"),
        Hpa("autoscaling/v2"),
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: report, image: report:1}]}}}}\n",
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n",
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n",
        "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: web}\nspec: {targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, analysis: {interval: 1m, stepWeight: 10}}\n",
        "apiVersion: policy/v1beta1\nkind: Eviction\nmetadata: {name: web-0}\n",
    };

    [Theory]
    [MemberData(nameof(Served))]
    public void ApiVersion_StillServed_NotFound(string manifest)
    {
        Invalid(Deployment("web"), manifest).ShouldBeEmpty();
    }

    [Fact]
    public void Kind_MistypedInARemovedVersion_SuggestsTheKindInTheVersionThatServesIt()
    {
        var finding = Invalid(Deployment("web"), "apiVersion: apps/v1beta1\nkind: Deploymnet\nmetadata: {name: api}\n").ShouldHaveSingleItem();

        finding.Message.ShouldStartWith("Deploymnet default/api: apps/v1beta1 has no kind Deploymnet; did you mean Deployment?");
        finding.Suggestion.ShouldBe("apiVersion: apps/v1\nkind: Deployment");
    }

    [Fact]
    public void Selector_MissingOnARemovedDeploymentApi_FoundTooAsItsAppsV1ReplacementRequiresIt()
    {
        var old = Versioned(Deployment("web"), "extensions/v1beta1").Replace("  selector:\n    matchLabels:\n      app: web\n", "", StringComparison.Ordinal);

        var messages = Invalid(old).Select(f => f.Message).ToList();

        messages.Count.ShouldBe(2);
        messages.ShouldContain(m => m.StartsWith("Deployment default/web: extensions/v1beta1 Deployment was removed in Kubernetes 1.16", StringComparison.Ordinal));
        messages.ShouldContain("Deployment default/web has no spec.selector, which apps/v1 requires: the API server refuses it as written");
    }

    [Fact]
    public void OtherRules_ReadARemovedVersionAsItsReplacement_TheOnlyFindingIsTheApiVersion()
    {
        var old = All(Versioned(Deployment("web"), "extensions/v1beta1"), Pdb("web", "matchLabels: {app: web}", apiVersion: "policy/v1beta1"), Hpa("autoscaling/v2beta2"));

        var lint = Lint.Text(old);

        lint.Set.Workloads.ShouldHaveSingleItem().Address.ShouldBe("Deployment/default/web");
        lint.Set.Budgets.ShouldHaveSingleItem();
        lint.Set.FewestPods(lint.Set.Workloads[0]).ShouldBe(3);
        lint.Findings.Select(f => f.Rule).ShouldBe(["k8s/invalid-manifest", "k8s/invalid-manifest", "k8s/invalid-manifest"]);
        lint.Set.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void PdbRules_EmptySelectorOfPolicyV1beta1_ReadAsPolicyV1ReadsIt_EveryPodOfTheNamespace()
    {
        var lint = Lint.Text(All(Deployment("web"), Pdb("web", "{}", bound: "minAvailable: 3", apiVersion: "policy/v1beta1")));

        var rules = lint.Findings.Select(f => f.Rule).ToList();

        rules.ShouldNotContain("k8s/pdb-missing");
        rules.ShouldContain("k8s/pdb-blocks-eviction");
        lint.Findings.Single(f => f.Rule == "k8s/invalid-manifest").Suggestion.ShouldNotBeNull().ShouldContain("selects every pod of the namespace");
    }
}
