using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Registry;

/// <summary>
/// Runs registering one NAME@VERSION at once, each through its own ledger connection as separate processes do, in every
/// dialect (subclasses pick the engine): exactly one registers; every other run is decided as a run after it would be
/// (the same content: registered already; other content: refused, nothing recorded). Every run looks at the registry
/// before any writes (<see cref="LookingTogether"/>), so each of them first decides on "not registered".
/// </summary>
public abstract class RegisterRaceBehaviourTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>The <c>--ledger</c> of this test's store (the same on every call); a SQLite file goes in <paramref name="directory"/>.</summary>
    protected abstract Task<string> ConnectionAsync(string directory);

    [Fact]
    public async Task RunAsync_RacingRunsOfTwoArtifacts_OneRegistersOtherArtifactRefusedSameArtifactRegisteredAlready()
    {
        var runs = await RaceAsync(8, i => i % 2 == 0 ? "model-a.bin" : "model-b.bin");

        await using var ledger = await OpenAsync();
        var registered = (await ModelRegistry.Of(ledger).FindAsync("fraud", "3")).ShouldNotBeNull();
        var winner = runs.Where(r => r.Report?.Reason?.StartsWith("fraud@3 registered:", StringComparison.Ordinal) == true).ShouldHaveSingleItem();
        winner.Artifact.ShouldBe(registered.ArtifactPath);
        registered.Datasets.ShouldHaveSingleItem().Path.ShouldBe("train.csv");
        foreach (var run in runs.Where(r => r != winner))
        {
            if (run.Artifact == winner.Artifact)
            {
                run.Error.ShouldBeNull();
                run.Report!.Verdict.ShouldBe(Verdict.Pass);
                run.Report.Reason.ShouldBe("fraud@3 is already registered with this content");
            }
            else
            {
                run.Report.ShouldBeNull();
                run.Error!.Message.ShouldBe($"fraud@3 is already registered with artifact {registered.ArtifactDigest} and 1 dataset; a version is immutable: register a new version");
            }
        }

        var verdicts = await ledger.RecentAsync(RegisterGate.Kind, 100);
        verdicts.Count.ShouldBe(4, "the winner's and its three same-content followers'; the refused runs record nothing");
        verdicts.Select(v => v.Digest).Distinct().ShouldHaveSingleItem().ShouldBe(winner.Report!.Digest);
    }

    [Fact]
    public async Task RunAsync_RacingRunsOfOneContent_OneRegistersTheOthersFindItRegistered()
    {
        var runs = await RaceAsync(10, _ => "model-a.bin");

        runs.ShouldAllBe(r => r.Error == null && r.Report!.Verdict == Verdict.Pass);
        runs.Count(r => r.Report!.Reason!.StartsWith("fraud@3 registered:", StringComparison.Ordinal)).ShouldBe(1);
        runs.Count(r => r.Report!.Reason == "fraud@3 is already registered with this content").ShouldBe(9);
        await using var ledger = await OpenAsync();
        (await ModelRegistry.Of(ledger).VersionsAsync("fraud")).ShouldHaveSingleItem().Datasets.Count.ShouldBe(1);
        (await ledger.RecentAsync(RegisterGate.Kind, 100)).Count.ShouldBe(10);
    }

    [Fact]
    public async Task RunAsync_RacingRunsWritingOpenLineage_EachEventNamesTheRegisteredArtifactOrTheRefusalSaysItDoesNot()
    {
        var runs = await RaceAsync(4, i => i < 2 ? "model-a.bin" : "model-b.bin", i => $"ol-{i}.json");

        await using var ledger = await OpenAsync();
        var registered = (await ModelRegistry.Of(ledger).FindAsync("fraud", "3")).ShouldNotBeNull();
        foreach (var (run, i) in runs.Select((r, i) => (r, i)))
        {
            var written = File.ReadAllText(_dir.File($"ol-{i}.json"));
            if (run.Artifact == registered.ArtifactPath)
            {
                run.Report.ShouldNotBeNull().Verdict.ShouldBe(Verdict.Pass);
                written.ShouldContain(registered.ArtifactDigest, customMessage: "a follower's event is rewritten as the registered version's");
            }
            else
            {
                run.Error.ShouldNotBeNull().Message.ShouldEndWith(
                    $"a version is immutable: register a new version (another run registered it while this one ran, after this one wrote the OpenLineage event to {_dir.File($"ol-{i}.json")}: that event names a registration that did not happen)");
            }
        }
    }

    private async Task<Run[]> RaceAsync(int count, Func<int, string> artifact, Func<int, string?>? openLineage = null)
    {
        File.WriteAllText(_dir.File("model-a.bin"), "weights a");
        File.WriteAllText(_dir.File("model-b.bin"), "weights b");
        File.WriteAllText(_dir.File("train.csv"), "x\n1\n");
        var looks = new LookingTogether.Runs(count);
        var ledgers = new List<Tollgate.Domain.Ledger.ILedger>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                ledgers.Add(await OpenAsync());
            }

            return await Task.WhenAll(ledgers.Select((ledger, i) => Task.Run(async () =>
            {
                var gate = new RegisterGate(new LookingTogether(ModelRegistry.Of(ledger), looks));
                var context = new GateContext(TimeProvider.System, ledger, Policy.Default, _dir.Path);
                try
                {
                    return new Run(artifact(i), await gate.RunAsync(new RegisterRequest("fraud", "3", artifact(i), ["train.csv"]) { OpenLineage = openLineage?.Invoke(i) }, context), null);
                }
                catch (InvalidInputException e)
                {
                    return new Run(artifact(i), null, e);
                }
            })));
        }
        finally
        {
            foreach (var ledger in ledgers)
            {
                await ledger.DisposeAsync();
            }
        }
    }

    private async Task<Tollgate.Domain.Ledger.ILedger> OpenAsync() => await LedgerLocation.OpenAsync(await ConnectionAsync(_dir.Path), _dir.Path, TimeProvider.System);

    public void Dispose() => _dir.Dispose();

    private sealed record Run(string Artifact, Report? Report, InvalidInputException? Error);
}
