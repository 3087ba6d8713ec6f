namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model register --artifact . --dataset .</c> run where the default ledger is: the ledger's <c>.tollgate</c>
/// directory is no part of the data. Before, it was hashed, the registration changed it, and the same command a minute
/// later was "a version is immutable" while <c>which --dataset .</c> found nothing.
/// </summary>
public sealed class ModelRegisterWhereTheLedgerIsTests
{
    [Fact]
    public async Task Register_DirectoryHoldingTheLedger_DigestLeavesTheLedgerOut()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-register-here-").FullName;
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(directory, "train.csv"), "x\n1\n");

        var first = await CliRun.RunAsync(directory, ["model", "register", "fraud", "--version", "1", "--artifact", ".", "--dataset", "."]);
        var again = await CliRun.RunAsync(directory, ["model", "register", "fraud", "--version", "1", "--artifact", ".", "--dataset", "."]);
        var which = await CliRun.RunAsync(directory, ["model", "which", "--dataset", "."]);

        first.ExitCode.ShouldBe(0, first.Error);
        File.Exists(Path.Combine(directory, ".tollgate", "ledger.db")).ShouldBeTrue();
        again.ExitCode.ShouldBe(0, again.Error);
        which.ExitCode.ShouldBe(0, which.Error);
        which.Out.ShouldContain("fraud@1");
        // A file added beside the data is a new dataset: the digest still covers everything but the ledger.
        File.WriteAllText(Path.Combine(directory, "more.csv"), "x\n2\n");
        var changed = await CliRun.RunAsync(directory, ["model", "which", "--dataset", "."]);
        changed.Out.ShouldNotContain("fraud@1");
    }
}
