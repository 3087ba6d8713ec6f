using Tollgate.Ledger;
using Tollgate.Ledger.Registry;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model register --openlineage FILE</c> writes the event as <c>--output</c> writes a report: a target that cannot be
/// written is one line naming it and saying the version was not registered, exit 3, and neither the version nor a
/// verdict is recorded.
/// </summary>
public sealed class ModelRegisterOpenLineageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-openlineage-").FullName;

    public ModelRegisterOpenLineageTests()
    {
        File.WriteAllText(Path.Combine(_dir, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "x\n1\n");
        Directory.CreateDirectory(Path.Combine(_dir, "events"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("events", "it is a directory")]
    [InlineData("model.bin/ol.json", "MODEL is a file, not a directory")]
    public async Task Register_EventCannotBeWritten_Exit3InOneLineNamingItAndNothingRecorded(string target, string problem)
    {
        var run = await RegisterAsync(target);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: cannot write the OpenLineage event to {Path.Combine(_dir, target)}: {problem.Replace("MODEL", Path.Combine(_dir, "model.bin"), StringComparison.Ordinal)}; fraud@1 was not registered and nothing was recorded: give a path that can be written and register again\n");
        run.Out.ShouldBeEmpty();
        await using var ledger = await LedgerLocation.OpenAsync(null, _dir, TimeProvider.System);
        (await ModelRegistry.Of(ledger).VersionsAsync("fraud")).ShouldBeEmpty();
        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Register_EventInADirectoryNotYetMade_MakesItAndRegisters()
    {
        var run = await RegisterAsync("lineage/fraud/1.json");

        run.ExitCode.ShouldBe(0, run.Error);
        File.ReadAllLines(Path.Combine(_dir, "lineage/fraud/1.json")).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("eventType").GetString()).ShouldBe(["START", "COMPLETE"]);
        await using var ledger = await LedgerLocation.OpenAsync(null, _dir, TimeProvider.System);
        (await ModelRegistry.Of(ledger).FindAsync("fraud", "1")).ShouldNotBeNull();
        (await ledger.RecentAsync("model-register", 10)).ShouldHaveSingleItem().Verdict.ShouldBe("pass");
    }

    [Theory]
    [InlineData("model.bin")]
    [InlineData("./train.csv")]
    public async Task Register_EventOverAnInput_Exit3AndTheInputKept(string target)
    {
        var run = await RegisterAsync(target);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: --openlineage {target} is an input of this command; refusing to overwrite it\n");
        File.ReadAllText(Path.Combine(_dir, "model.bin")).ShouldBe("weights");
        File.ReadAllText(Path.Combine(_dir, "train.csv")).ShouldBe("x\n1\n");
    }

    [Fact]
    public async Task Register_EventOverAFileInADatasetDirectoryOrThroughALink_Exit3AndTheDataKept()
    {
        // The same guard as --output's: a dataset directory's files and a link to the artifact are what was just hashed.
        Directory.CreateDirectory(Path.Combine(_dir, "features"));
        File.WriteAllText(Path.Combine(_dir, "features", "a.csv"), "y\n2\n");
        File.CreateSymbolicLink(Path.Combine(_dir, "model-link.bin"), Path.Combine(_dir, "model.bin"));

        var inside = await CliRun.RunAsync(_dir, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "features", "--openlineage", "features/a.csv");
        var link = await RegisterAsync("model-link.bin");

        inside.ExitCode.ShouldBe(3, inside.Out + inside.Error);
        inside.Error.ShouldBe("tollgate: error: --openlineage features/a.csv is a file inside features, an input directory of this command; refusing to overwrite it (write it elsewhere)\n");
        link.ExitCode.ShouldBe(3, link.Out + link.Error);
        link.Error.ShouldBe("tollgate: error: --openlineage model-link.bin is an input of this command; refusing to overwrite it\n");
        File.ReadAllText(Path.Combine(_dir, "features", "a.csv")).ShouldBe("y\n2\n");
        File.ReadAllText(Path.Combine(_dir, "model.bin")).ShouldBe("weights");
    }

    private Task<CliRun> RegisterAsync(string target) =>
        CliRun.RunAsync(_dir, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", "--openlineage", target);
}
