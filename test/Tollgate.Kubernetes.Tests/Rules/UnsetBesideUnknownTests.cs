using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// One line per mistake: a key far from every field is not read as any, so the field it was meant as is unset beside
/// it. Before, that gave two findings (the unknown key, and the missing name, selector, restart policy or required
/// field); now the unknown key's finding says which field is unset beside it and suggests renaming the key to it.
/// </summary>
public sealed class UnsetBesideUnknownTests
{
    private const string Budget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private const string Job = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: example/migrate:1

        """;

    [Theory]
    [InlineData("  selector:\n    matchLabels:\n      app: web\n", "  podSelector:\n    matchLabels:\n      app: web\n", "Deployment default/web", "spec.podSelector", "spec.selector is unset (apps/v1 requires it)")]
    [InlineData("  name: web\n", "  title: web\n", "Deployment default/(unnamed)", "metadata.title", "metadata.name is unset (the API server requires a name)")]
    [InlineData("metadata:\n  name: web\n", "meta:\n  name: web\n", "Deployment default/(unnamed)", "meta", "metadata.name is unset (the API server requires a name)")]
    [InlineData("        - name: app\n", "        - containerName: app\n", "Deployment default/web", "spec.template.spec.containers[0].containerName", "spec.template.spec.containers[0].name is unset (kubectl apply refuses it: Required value)")]
    public void Deployment_KeyFarFromTheFieldItLeavesUnset_OneFinding(string written, string replaced, string what, string key, string unset)
    {
        var deployment = Deployment("web");
        deployment.ShouldContain(written);

        var findings = Lint.Text(All(deployment.Replace(written, replaced, StringComparison.Ordinal), Budget)).Findings
            .Where(f => f.Rule == "k8s/invalid-manifest").ToList();

        var finding = findings.ShouldHaveSingleItem();
        finding.Message.ShouldBe($"{what}: {key} is not a field of a Deployment: kubectl apply refuses it (strict decoding error: unknown field \"{key}\"), and applied without validation the API server drops it; beside it {unset}");
        finding.Suggestion.ShouldStartWith($"rename {key} to {unset[..unset.IndexOf(' ')]} if that is what it holds");
        ((IEnumerable<string>)finding.Evidence["folded"]!).ShouldHaveSingleItem().ShouldStartWith("k8s/invalid-manifest: ");
    }

    [Fact]
    public void Job_RestartPolicyUnderAKeyFarFromIt_OneFinding()
    {
        var finding = Lint.Text(Job.Replace("restartPolicy: Never", "restart: Never", StringComparison.Ordinal)).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldEndWith("spec.template.spec.restart is not a field of a Job: kubectl apply refuses it (strict decoding error: unknown field \"spec.template.spec.restart\"), and applied without validation the API server drops it; beside it spec.template.spec.restartPolicy is unset (a pod defaults it to Always, which the API server refuses for a Job's pods)");
        finding.Suggestion.ShouldBe("rename spec.template.spec.restart to spec.template.spec.restartPolicy if that is what it holds; else remove it and set spec.template.spec.restartPolicy");
    }

    [Fact]
    public void Container_NameUnsetWithoutAKeyBesideIt_FoundAsRequired()
    {
        var finding = Lint.Text(Job.Replace("- name: migrate\n          image:", "- image:", StringComparison.Ordinal)).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe("Job default/migrate: spec.template.spec.containers[0].name is unset, and a Job requires it: kubectl apply refuses it (spec.template.spec.containers[0].name: Required value)");
        finding.Evidence["unset"].ShouldBe("spec.template.spec.containers[0].name");
    }

    [Fact]
    public void TwoKeysFarFromEveryField_TheUnsetFieldFoldsIntoTheFirst()
    {
        var job = Job.Replace("restartPolicy: Never", "restart: Never\n      onFail: retry", StringComparison.Ordinal);

        var findings = Lint.Text(job).Findings;

        findings.Select(f => f.Evidence["field"]).ShouldBe(["spec.template.spec.restart", "spec.template.spec.onFail"]);
        findings[0].Message.ShouldContain("; beside it spec.template.spec.restartPolicy is unset");
        findings[1].Message.ShouldNotContain("beside it");
    }

    [Fact]
    public void MisspeltKeyNearTheRequiredField_ReadAsItAndNotUnset()
    {
        // A typo of the required field is read as it: one finding, and no "unset" to fold.
        var finding = Lint.Text(Job.Replace("- name: migrate", "- nmae: migrate", StringComparison.Ordinal)).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldEndWith("; linted as spec.template.spec.containers[0].name");
        finding.Evidence.ContainsKey("unset").ShouldBeFalse();
    }
}
