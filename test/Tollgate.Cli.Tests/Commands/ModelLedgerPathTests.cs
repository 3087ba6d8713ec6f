using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>--ledger</c> naming what is no ledger file: a directory, a device, a file that may not be read. One line that
/// says which (SQLite said "a missing or unwritable directory?" or "the disk reported an I/O error"), exit 3, and the
/// ledger already kept is left as it was.
/// </summary>
public sealed class ModelLedgerPathTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-ledger-path-").FullName;

    public ModelLedgerPathTests()
    {
        File.WriteAllText(Path.Combine(_directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(_directory, "train.csv"), "x\n1\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<CliRun> Model(params string[] args) => CliRun.RunAsync(_directory, ["model", .. args]);

    private Task<CliRun> Register(string version, params string[] more) =>
        Model(["register", "fraud", "--version", version, "--artifact", "model.bin", "--dataset", "train.csv", .. more]);

    public static TheoryData<string[]> Commands => new()
    {
        { ["live", "fraud"] },
        { ["lineage", "fraud@1"] },
        { ["register", "fraud", "--version", "2", "--artifact", "model.bin", "--dataset", "train.csv"] },
        { ["drift", "--reference", "train.csv", "--current", "train.csv"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Ledger_ADirectory_SaysSoAndNamesTheFileInItAndKeepsWhatWasRecorded(string[] args)
    {
        (await Register("1")).ExitCode.ShouldBe(0);
        var before = await Model("lineage", "fraud");

        var run = await Model([.. args, "--ledger", ".tollgate"]);

        var directory = Path.Combine(_directory, ".tollgate");
        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: cannot open the ledger at {directory}: it is a directory; --ledger names the SQLite file (such as {Path.Combine(directory, "ledger.db")})\n");
        (await Model("lineage", "fraud")).Out.ShouldBe(before.Out);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Ledger_ADevice_SaysItIsNoRegularFile(string[] args)
    {
        var run = await Model([.. args, "--ledger", "/dev/null"]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe("tollgate: error: cannot open the ledger at /dev/null: it is a character device, not a regular file\n");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Ledger_Unreadable_SaysPermissionDenied(string[] args)
    {
        var locked = UnreadableFile.At(Path.Combine(_directory, "locked.db"));

        var run = await Model([.. args, "--ledger", "locked.db"]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: cannot open the ledger at {locked}: permission denied: the ledger is read and written, give a --ledger this user may read and write\n");
    }
}
