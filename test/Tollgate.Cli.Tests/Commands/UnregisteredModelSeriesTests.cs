namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model drift --model</c> and <c>model trend --model</c> record under a model's name: a name the ledger has no
/// version or stage of (a typo) is refused as <c>rollback</c>, <c>drill</c> and <c>live</c> refuse it, nothing recorded.
/// </summary>
public sealed class UnregisteredModelSeriesTests
{
    private const string Refusal = "tollgate: error: model frud is not registered in the ledger (tollgate model register frud --version V …)\n";

    /// <summary>A directory with fraud@1 registered and the examples' drift tables and KPI series under data/.</summary>
    private static async Task<string> RegisteredAsync()
    {
        var directory = await ModelSteps.RunAsync("tollgate-unregistered-", ModelSteps.Register("1"));
        var data = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        foreach (var name in (string[])["reference.csv", "current.csv", "conversion.csv"])
        {
            File.Copy(Tollgate.Testing.Repository.File("examples", "models", name), Path.Combine(data, name));
        }

        return directory;
    }

    private static async Task<string> RecordedAsync(string directory)
    {
        var verdicts = await CliRun.RunAsync(directory, "verdicts", "--format", "json");
        verdicts.ExitCode.ShouldBe(0, verdicts.Error);
        return verdicts.Out;
    }

    [Theory]
    [InlineData("drift", "--reference", "data/reference.csv", "--current", "data/current.csv")]
    [InlineData("trend", "--series", "data/conversion.csv")]
    public async Task DriftOrTrend_ModelNeverRegistered_Exit3AndNothingRecorded(params string[] args)
    {
        // A typo in --model silently started a new series under the mistyped name.
        var directory = await RegisteredAsync();
        var before = await RecordedAsync(directory);

        var typo = await CliRun.RunAsync(directory, ["model", .. args, "--model", "frud"]);
        var registered = await CliRun.RunAsync(directory, ["model", .. args, "--model", "fraud", "--format", "json"]);

        typo.ExitCode.ShouldBe(3, typo.Out + typo.Error);
        typo.Error.ShouldBe(Refusal);
        typo.Out.ShouldBeEmpty();
        registered.ExitCode.ShouldBeOneOf([0, 1, 2], registered.Error);
        var after = await RecordedAsync(directory);
        after.ShouldNotContain("frud");
        after.Length.ShouldBeGreaterThan(before.Length, "the registered name is recorded");
        after.ShouldContain("\"fraud");
    }

    [Theory]
    [InlineData("drift", "--reference", "data/reference.csv", "--current", "data/current.csv")]
    [InlineData("trend", "--series", "data/conversion.csv")]
    public async Task DriftOrTrend_ModelWithNoLedger_Exit3AndNoLedgerMade(params string[] args)
    {
        var directory = await RegisteredAsync();
        Directory.Delete(Path.Combine(directory, ".tollgate"), recursive: true);

        var run = await CliRun.RunAsync(directory, ["model", .. args, "--model", "fraud"]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldStartWith("tollgate: error: there is no ledger in ");
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
    }

    [Fact]
    public async Task Drift_WithoutModel_StillRecordsWithoutAnyRegistration()
    {
        var directory = await RegisteredAsync();
        Directory.Delete(Path.Combine(directory, ".tollgate"), recursive: true);

        var run = await CliRun.RunAsync(directory, "model", "drift", "--reference", "data/reference.csv", "--current", "data/current.csv");

        run.ExitCode.ShouldBeOneOf([0, 1, 2], run.Error);
        (await RecordedAsync(directory)).ShouldContain("data/current.csv");
    }
}
