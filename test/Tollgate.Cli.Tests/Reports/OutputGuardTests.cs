namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// A file a command writes is never one it reads or keeps: an input (also through a symbolic link), an existing file in
/// an input directory, the SQLite ledger and its side files, the policy file. Each is exit 3 with one line, and the
/// file is left as it was.
/// </summary>
public sealed class OutputGuardTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-guard-").FullName;

    public OutputGuardTests()
    {
        File.Copy(Fixture, Path.Combine(_dir, "plan.json"));
        File.WriteAllText(Path.Combine(_dir, "ref.csv"), "amount,country\n1.5,de\n2.5,fr\n");
        Directory.CreateDirectory(Path.Combine(_dir, "infra"));
        File.WriteAllText(Path.Combine(_dir, "infra", "main.tf"), "resource \"terraform_data\" \"a\" {}\n");
        File.WriteAllText(Path.Combine(_dir, "tollgate.yaml"), "failOn: high\n");
        File.CreateSymbolicLink(Path.Combine(_dir, "link.json"), Path.Combine(_dir, "plan.json"));
    }

    public static TheoryData<string[], string, string> Refused => new()
    {
        { ["plan", "plan.json", "--ledger", "l.db", "-o", "l.db"], "l.db", "--output l.db is the ledger (every verdict and approval recorded); refusing to overwrite it" },
        { ["plan", "plan.json", "--ledger", "l.db", "-o", "l.db-wal"], "l.db-wal", "--output l.db-wal is the ledger (every verdict and approval recorded); refusing to overwrite it" },
        { ["plan", "plan.json", "-o", ".tollgate/ledger.db"], ".tollgate/ledger.db", "--output .tollgate/ledger.db is the ledger (every verdict and approval recorded); refusing to overwrite it" },
        { ["verdicts", "--ledger", "l.db", "-o", "l.db"], "l.db", "--output l.db is the ledger (every verdict and approval recorded); refusing to overwrite it" },
        { ["dora", "--ledger", "l.db", "-o", "l.db"], "l.db", "--output l.db is the ledger (every verdict and approval recorded); refusing to overwrite it" },
        { ["plan", "plan.json", "--ledger", "l.db", "-o", "tollgate.yaml"], "tollgate.yaml", "--output tollgate.yaml is the policy file; refusing to overwrite it" },
        { ["plan", "plan.json", "--ledger", "l.db", "-o", "plan.json"], "plan.json", "--output plan.json is an input of this command; refusing to overwrite it" },
        { ["plan", "link.json", "--ledger", "l.db", "-o", "plan.json"], "plan.json", "--output plan.json is an input of this command; refusing to overwrite it" },
        { ["plan", "plan.json", "--ledger", "l.db", "-o", "link.json"], "plan.json", "--output link.json is an input of this command; refusing to overwrite it" },
        { ["plan", "infra", "--ledger", "l.db", "-o", "infra/main.tf"], "infra/main.tf", "--output infra/main.tf is a file inside infra, an input directory of this command; refusing to overwrite it (write it elsewhere)" },
        { ["graph", "infra", "--ledger", "l.db", "--dot", "infra/main.tf"], "infra/main.tf", "--dot infra/main.tf is a file inside infra, an input directory of this command; refusing to overwrite it (write it elsewhere)" },
        { ["model", "profile", "ref.csv", "-o", "ref.csv"], "ref.csv", "--output ref.csv is an input of this command; refusing to overwrite it" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Write_OverAFileTheCommandReadsOrKeeps_Exit3AndTheFileIsUntouched(string[] args, string kept, string error)
    {
        await CliRun.RunAsync(_dir, "plan", "plan.json", "--ledger", "l.db"); // the ledger exists, with a verdict
        Directory.CreateDirectory(Path.Combine(_dir, ".tollgate"));
        await File.WriteAllTextAsync(Path.Combine(_dir, ".tollgate", "ledger.db"), "not yet a ledger");
        await File.WriteAllTextAsync(Path.Combine(_dir, "l.db-wal"), "");
        var before = await File.ReadAllBytesAsync(Path.Combine(_dir, kept));

        var run = await CliRun.RunAsync(_dir, args);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldBe($"tollgate: error: {error}\n");
        (await File.ReadAllBytesAsync(Path.Combine(_dir, kept))).ShouldBe(before);
    }

    [Fact]
    public async Task Write_NewFileInAnInputDirectory_IsWritten()
    {
        var run = await CliRun.RunAsync(_dir, "plan", "plan.json", "--ledger", "l.db", "--format", "json", "-o", "infra/plan-report.json");

        run.ExitCode.ShouldBeInRange(0, 2, run.Error);
        run.Error.ShouldNotContain("refusing");
        File.Exists(Path.Combine(_dir, "infra", "plan-report.json")).ShouldBeTrue();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
