using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>examples/k8s: the unsafe set trips every rule where the README says, the safe set trips none.</summary>
public sealed class ExampleTests
{
    private static LintResult LintDirectory(string directory) =>
        ManifestLint.Lint(Directory.GetFiles(Lint.Example(directory)).Order(StringComparer.Ordinal)
            .Select(f => new ManifestText(Path.GetFileName(f), File.ReadAllText(f))));

    [Fact]
    public void Unsafe_EveryRuleFiresOnWhatItIsAbout()
    {
        var findings = LintDirectory("unsafe").Findings.Select(f => $"{f.Rule} {f.Address} {f.Location}").Order(StringComparer.Ordinal).ToList();

        findings.ShouldBe(
        [
            "k8s/canary-step-too-small Rollout/shop/payments payments-rollout.yaml:34",
            "k8s/hpa-vs-rollout Deployment/test/podinfo podinfo-flagger.yaml:60",
            "k8s/hpa-vs-rollout Rollout/shop/ledger payments-rollout.yaml:67",
            "k8s/hpa-vs-rollout Rollout/shop/ledger payments-rollout.yaml:72",
            "k8s/invalid-manifest Deployment/shop/checkout checkout.yaml:60",
            "k8s/max-unavailable Deployment/shop/checkout checkout.yaml:35",
            "k8s/min-ready-seconds Deployment/shop/checkout checkout.yaml:35",
            "k8s/min-ready-seconds Rollout/shop/payments payments-rollout.yaml:2",
            "k8s/pdb-blocks-eviction PodDisruptionBudget/shop/checkout checkout.yaml:4",
            "k8s/pdb-missing Deployment/test/podinfo-primary podinfo-flagger.yaml:60",
            "k8s/pdb-missing Rollout/shop/ledger payments-rollout.yaml:41",
            "k8s/pdb-missing Rollout/shop/payments payments-rollout.yaml:2",
            // At each container's `- name:` line (before, the workload's first line).
            "k8s/readiness-probe Deployment/shop/checkout checkout.yaml:63",
            "k8s/readiness-probe Deployment/shop/checkout checkout.yaml:82",
            "k8s/readiness-probe Rollout/shop/ledger payments-rollout.yaml:57",
        ]);
    }

    [Fact]
    public void Unsafe_HelmRenderedFindingsNameTheirTemplate()
    {
        var finding = LintDirectory("unsafe").Findings.First(f => f.Rule == "k8s/max-unavailable");

        finding.Evidence["helmSource"].ShouldBe("checkout/templates/deployment.yaml");
    }

    [Fact]
    public void Unsafe_SameProbesEvidenceIsTheCheckAloneWithoutUnsetFields()
    {
        var finding = LintDirectory("unsafe").Findings.First(f => f.Rule == "k8s/readiness-probe" && f.Evidence.ContainsKey("probe"));

        finding.Evidence["probe"].ShouldBe("""{"httpGet":{"path":"/healthz","port":"http"}}""");
    }

    [Fact]
    public void Safe_NoFinding()
    {
        var result = LintDirectory("safe");

        result.Findings.ShouldBeEmpty();
        result.Set.Declared.Count().ShouldBe(3);
        result.Set.Budgets.Count.ShouldBe(3);
    }
}
