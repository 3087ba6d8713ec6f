using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests;

/// <summary>A new SQLite ledger is built aside and appears only once its work succeeded; it never replaces one made meanwhile.</summary>
public sealed class NewLedgerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 17, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-new-ledger-").FullName;

    private static Task<IngestCounts> Deploy(ILedger ledger, string id) =>
        DeliveryStore.Of(ledger).RecordAsync([new DeployEvent(id, "tollgate.deploy.started", new Deploy(id, "api", "production", "v1", DeployIntent.Planned, T0))]);

    [Fact]
    public async Task BuildAsync_WorkSucceeds_LedgerInPlaceWithItsRecordsAndNothingBeside()
    {
        var path = Path.Combine(_dir, ".tollgate", "ledger.db");

        var (placed, counts) = await NewLedger.BuildAsync(path, TimeProvider.System, ledger => Deploy(ledger, "a"));

        placed.ShouldBeTrue();
        counts.Recorded.ShouldBe(1);
        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBe([path]);
        await using var reopened = await LedgerLocation.OpenExistingAsync(path, _dir, TimeProvider.System);
        (await DeliveryStore.Of(reopened).DeploysAsync("api", null)).Single().Id.ShouldBe("a");
    }

    [Fact]
    public async Task RemoveUnfinished_WorkStillRunning_AsideFilesAndTheDirectoriesMadeForThemRemoved_NoLedgerAfter()
    {
        // What the host does on SIGTERM when the work does not stop within its wait (a load's long statement).
        var path = Path.Combine(_dir, "stopped", ".tollgate", "ledger.db");
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var build = NewLedger.BuildAsync(path, TimeProvider.System, async ledger =>
        {
            var counts = await Deploy(ledger, "a");
            recorded.SetResult();
            await release.Task; // deaf to cancellation, as a running SQLite statement is
            return counts;
        });
        await recorded.Task;
        var asideBefore = Directory.GetFiles(Path.GetDirectoryName(path)!, ".ledger.db.*.new*");

        NewLedger.RemoveUnfinished();
        var left = Directory.Exists(Path.Combine(_dir, "stopped"));
        release.SetResult();
        try
        {
            await build;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or InvalidInputException)
        {
            // the work, released after the files were removed, may fail: the process would have exited already
        }

        asideBefore.ShouldNotBeEmpty();
        left.ShouldBeFalse("the aside ledger and the directories made for it");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task BuildAsync_WorkRefused_NoLedgerNorTheDirectoriesMadeForIt()
    {
        var path = Path.Combine(_dir, "state", ".tollgate", "ledger.db");

        await Should.ThrowAsync<InvalidInputException>(() => NewLedger.BuildAsync<int>(path, TimeProvider.System, async ledger =>
        {
            await Deploy(ledger, "a");
            throw new InvalidInputException("events.ndjson:1000000: not JSON");
        }));

        Directory.GetFileSystemEntries(_dir).ShouldBeEmpty();
    }

    [Fact]
    public async Task BuildAsync_LedgerCannotBeMade_NamesThePathGivenNotTheTemporaryOne()
    {
        File.WriteAllText(Path.Combine(_dir, "file.txt"), "a file where a directory is named");
        var path = Path.Combine(_dir, "file.txt", "ledger.db");

        var error = await Should.ThrowAsync<InvalidInputException>(() => NewLedger.BuildAsync(path, TimeProvider.System, ledger => Deploy(ledger, "a")));

        error.Message.ShouldContain(path);
        error.Message.ShouldNotContain(".new");
        Directory.GetFileSystemEntries(_dir).ShouldBe([Path.Combine(_dir, "file.txt")]);
    }

    [Fact]
    public async Task BuildAsync_LedgerMadeMeanwhile_NotReplacedAndSaidSo()
    {
        var path = Path.Combine(_dir, "ledger.db");

        var (placed, _) = await NewLedger.BuildAsync(path, TimeProvider.System, async ledger =>
        {
            await using (var other = await LedgerLocation.OpenAsync(path, _dir, TimeProvider.System))
            {
                await Deploy(other, "theirs");
            }

            return await Deploy(ledger, "mine");
        });

        placed.ShouldBeFalse();
        Directory.GetFiles(_dir).ShouldBe([path], "nothing built aside is left");
        await using var kept = await LedgerLocation.OpenExistingAsync(path, _dir, TimeProvider.System);
        (await DeliveryStore.Of(kept).DeploysAsync("api", null)).Single().Id.ShouldBe("theirs");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
