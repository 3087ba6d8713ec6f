using System.Text.Json;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// What the CLI tests of DVC lineage share: a working directory holding a model artifact (<c>model.bin</c>), the CLI
/// run there on one ledger engine (subclasses), <c>fraud@V</c> registered from datasets, <c>model lineage</c>'s dataset
/// rows and the versions <c>model which</c> finds.
/// </summary>
public abstract class DvcLineageCliTests : IDisposable
{
    /// <summary>The digest of <c>data/reference</c> imported at one commit of the reference repository, as the fixtures pin it.</summary>
    protected const string Reference = "rev_lock:3f786850e387550fdab836ed7e6dc881de23001b@https://github.com/example-org/fraud-reference.git#data/reference";

    protected DvcLineageCliTests(string name)
    {
        Dir = Directory.CreateTempSubdirectory($"tollgate-{name}-").FullName;
        File.WriteAllText(Path.Combine(Dir, "model.bin"), "weights");
    }

    protected string Dir { get; }

    /// <summary>The <c>--ledger</c> words of this engine (none: the default SQLite file under the working directory).</summary>
    protected abstract Task<string[]> LedgerAsync();

    private protected async Task<CliRun> RunAsync(params string[] args) => await CliRun.RunAsync(Dir, [.. args, .. await LedgerAsync()]);

    private protected Task<CliRun> RegisterAsync(string version, params string[] datasets) =>
        RunAsync(["model", "register", "fraud", "--version", version, "--artifact", "model.bin", .. datasets.SelectMany(d => new[] { "--dataset", d })]);

    /// <summary>The dataset rows of <c>model lineage</c>'s text, as printed (indented four spaces).</summary>
    private protected static List<string> DatasetRows(CliRun lineage) =>
        lineage.Out.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).ToList();

    /// <summary>The versions of <c>fraud</c> that <c>model which --dataset</c> finds, sorted, each once.</summary>
    protected async Task<string[]> VersionsTrainedOnAsync(string dataset)
    {
        var which = await RunAsync("model", "which", "--dataset", dataset, "--format", "json");
        which.ExitCode.ShouldBe(0, which.Error);
        return JsonDocument.Parse(which.Out).RootElement.GetProperty("versions").EnumerateArray()
            .Select(v => v.GetProperty("version").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
