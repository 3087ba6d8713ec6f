namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// Every CI job names its plan <c>plan.json</c>: an approval given in one directory is bound to that directory's plan,
/// and never told about the last gate of another directory's <c>plan.json</c>, nor pointed at its digest.
/// </summary>
public sealed class ApproveOtherDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tollgate-approve-dirs-").FullName;

    private string Team(string name, string fixture)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture), Path.Combine(directory, "plan.json"));
        return directory;
    }

    [Fact]
    public async Task Approve_PlanJsonAfterAnotherDirectorysGate_NamesNoOtherDigestAndCountsForItsOwnPlan()
    {
        var ledger = Path.Combine(_root, "ledger.db");
        var network = Team("network", "targeted.json");
        var orders = Team("orders", "mixed.json");

        var otherGate = await CliRun.RunAsync(network, "plan", "plan.json", "--ledger", ledger);
        var approve = await CliRun.RunAsync(orders, "approve", "plan.json", "--by", "alice", "--reason", "intended", "--ledger", ledger);
        var gate = await CliRun.RunAsync(orders, "plan", "plan.json", "--ledger", ledger);

        otherGate.ExitCode.ShouldBe(2, otherGate.Error);
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Error.ShouldNotContain("but the last gate of");
        gate.ExitCode.ShouldBe(0, gate.Out + gate.Error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
