namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary>Input that is there but cannot be read as manifests, or a --namespace Kubernetes refuses: exit 3 with one line saying why, nothing recorded.</summary>
public sealed class K8sLintUnreadableInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-k8s-unreadable-").FullName;

    private string Ledger => Path.Combine(_directory, "ledger.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Lint_StandardInputGivenTwice_Exit3SaysItIsReadOnce()
    {
        var run = await CliRun.RunAsync(_directory, File.ReadAllText(Lint.Fixture("jobs.yaml")), "k8s", "lint", "-", "-", "--ledger", Ledger);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe("tollgate: error: - is given twice: standard input is read once\n");
        File.Exists(Ledger).ShouldBeFalse();
    }

    [Theory]
    [InlineData("utf-16", "UTF-16 text (byte order mark FF FE, as Windows PowerShell's > writes it)")]
    [InlineData("utf-16BE", "UTF-16 text (byte order mark FE FF, as Windows PowerShell's > writes it)")]
    [InlineData("utf-32", "UTF-32 text (byte order mark FF FE 00 00, as Out-File -Encoding utf32 writes it)")]
    public async Task Lint_WideEncodedFile_Exit3NamesTheEncoding(string encoding, string named)
    {
        // kubectl get -o yaml > x.yaml in Windows PowerShell 5 writes UTF-16 with a byte order mark.
        var text = File.ReadAllText(Lint.Fixture("jobs.yaml"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "wide.yaml"), text, System.Text.Encoding.GetEncoding(encoding));

        var run = await CliRun.RunAsync(_directory, null, "k8s", "lint", "wide.yaml", "--ledger", Ledger);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: wide.yaml is {named}: save it as UTF-8\n");
    }

    [Theory]
    [InlineData("Shop_1")]
    [InlineData("shop.a")]
    public async Task Lint_NamespaceKubernetesRefuses_Exit3SaysWhy(string space)
    {
        var run = await CliRun.RunAsync(_directory, null, "k8s", "lint", Lint.Fixture("jobs.yaml"), "--namespace", space, "--ledger", Ledger);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: --namespace '{space}' is not a namespace Kubernetes takes: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n");
        File.Exists(Ledger).ShouldBeFalse();
    }
}
