namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary>
/// An input with nothing in it is what a failed render leaves (<c>helm template</c> erring before the pipe, or into a
/// file): exit 3 with one line and nothing recorded, never a hold that reads as "no workloads here".
/// </summary>
public sealed class K8sLintEmptyInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-k8s-empty-").FullName;

    private string Ledger => Path.Combine(_directory, "ledger.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")]
    public async Task Lint_EmptyStandardInput_Exit3AsTheCommandBeforeThePipeFailed(string input)
    {
        var run = await CliRun.RunAsync(_directory, input, "k8s", "lint", "-", "--ledger", Ledger);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe("tollgate: error: standard input is empty: no manifest to lint (did the command before the pipe fail?)\n");
        File.Exists(Ledger).ShouldBeFalse("nothing recorded for input that never came");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")]
    public async Task Lint_EmptyFileNamed_Exit3AsTheCommandThatWroteItFailed(string content)
    {
        // helm template … > rendered.yaml that failed left an empty file, which held (exit 2) as "no workload".
        await File.WriteAllTextAsync(Path.Combine(_directory, "rendered.yaml"), content);

        var run = await CliRun.RunAsync(_directory, null, "k8s", "lint", "rendered.yaml", "--ledger", Ledger);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe("tollgate: error: rendered.yaml is empty: no manifest to lint (did the command that wrote it fail?)\n");
        run.Out.ShouldBeEmpty();
        File.Exists(Ledger).ShouldBeFalse("nothing recorded for input that never came");
    }

    [Fact]
    public async Task Lint_EmptyFileInADirectory_OneFileOfNoObjects()
    {
        // A walk meets files it was not asked for by name: an empty one among manifests is no error.
        Directory.CreateDirectory(Path.Combine(_directory, "k8s"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "k8s", "empty.yaml"), "");
        File.Copy(Lint.Fixture("jobs.yaml"), Path.Combine(_directory, "k8s", "jobs.yaml"));

        var run = await CliRun.RunAsync(_directory, null, "k8s", "lint", "k8s", "--ledger", Ledger);

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Out.ShouldContain("in 2 files");
    }
}
