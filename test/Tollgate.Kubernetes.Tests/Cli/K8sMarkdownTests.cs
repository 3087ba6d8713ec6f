using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary>The Markdown report of <c>tollgate k8s lint</c>: a suggestion is YAML, fenced as YAML (it was fenced as HCL).</summary>
public sealed class K8sMarkdownTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-k8s-md-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Lint_MarkdownSuggestion_FencedAsYaml()
    {
        var yaml = All(Deployment("web", extraSpec: "minReadySeconds: 0"), Pdb("web", "matchLabels: {app: web}"));

        var run = await CliRun.RunAsync(_directory, yaml, "k8s", "lint", "-", "--format", "markdown", "--ledger", Path.Combine(_directory, "ledger.db"));

        run.ExitCode.ShouldNotBe(3, run.Error);
        run.Out.ShouldContain("**k8s/min-ready-seconds**");
        run.Out.ShouldContain("```yaml\n");
        run.Out.ShouldNotContain("```hcl");
    }
}
