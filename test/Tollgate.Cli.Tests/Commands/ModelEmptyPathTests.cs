namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// An empty path (<c>--dataset "$DATA"</c> with the variable unset) names no file: one line and exit 3 naming the
/// option, not the working directory taken for it (hashed by <c>which</c> and answered "trained no registered model
/// version", refused elsewhere as "/work is a directory"), and no ledger made.
/// </summary>
public sealed class ModelEmptyPathTests
{
    private const string FileOrDirectory = "give a file or directory";

    [Theory]
    [InlineData("--dataset", FileOrDirectory, "which", "--dataset", "")]
    [InlineData("--dataset", FileOrDirectory, "which", "--dataset", " ")]
    [InlineData("--dataset", FileOrDirectory, "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "")]
    [InlineData("--dataset", FileOrDirectory, "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", "--dataset", "")]
    [InlineData("--dataset", FileOrDirectory, "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", " ")]
    [InlineData("--artifact", FileOrDirectory, "register", "fraud", "--version", "1", "--artifact", "", "--dataset", "train.csv")]
    [InlineData("--artifact", FileOrDirectory, "register", "fraud", "--version", "1", "--artifact", " ", "--dataset", "train.csv")]
    [InlineData("--series", "give a CSV file of time,value, or --prometheus QUERY", "trend", "--series", "")]
    [InlineData("--series", "give a CSV file of time,value, or --prometheus QUERY", "trend", "--series", "\t")]
    [InlineData("--current", "give a table (CSV or Parquet) or a profile", "drift", "--reference", "train.csv", "--current", "")]
    [InlineData("--current", "give a table (CSV or Parquet) or a profile", "drift", "--reference", "train.csv", "--current", "  ")]
    [InlineData("--output", "give the profile file to write", "profile", "train.csv", "-o", "")]
    public async Task EmptyPath_Exit3NamingTheOption_NoLedgerMade(string option, string fix, params string[] args)
    {
        // Blanks too: before, " " was "--artifact  : no such file or directory" or ".../models/  does not exist".
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-empty-path-").FullName;
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(directory, "train.csv"), "x\n1\n");

        var run = await CliRun.RunAsync(directory, ["model", .. args]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"tollgate: error: {option} is empty (an unset variable?): {fix}\n");
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
        File.Exists(Path.Combine(directory, "profile.json")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--digest is empty (an unset variable?): give a dataset digest as recorded (sha256:…, md5:…, mlflow:…), or --dataset PATH", "which", "--digest", "")]
    [InlineData("--to is empty (an unset variable?): give the version to serve, or leave --to out for the previous production version", "rollback", "fraud", "--to", " ", "--exec", "true")]
    public async Task EmptyValue_Exit3SayingItIsEmpty_NoLedgerMade(string message, params string[] args)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-empty-value-").FullName;

        var run = await CliRun.RunAsync(directory, ["model", .. args]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: {message}\n");
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("kpi.yaml", "kpi: approved\n", "DIR/kpi.yaml is YAML, not a table: give a CSV or Parquet table")]
    [InlineData("empty.json", "", "DIR/empty.json: empty file, expected a profile (tollgate model profile FILE -o empty.json)")]
    public async Task Drift_CurrentThatIsNoTable_Exit3SayingWhatItIs(string file, string content, string message)
    {
        // Before: a YAML comment line shown as the current's columns; an empty .json "not well-formed JSON".
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-no-table-").FullName;
        File.WriteAllText(Path.Combine(directory, "train.csv"), "x\n1\n");
        File.WriteAllText(Path.Combine(directory, file), content);

        var run = await CliRun.RunAsync(directory, ["model", "drift", "--reference", "train.csv", "--current", file]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldBe($"tollgate: error: {message.Replace("DIR", directory, StringComparison.Ordinal)}\n");
    }

    [Fact]
    public async Task Which_DatasetGiven_StillLooksItUp()
    {
        var directory = await ModelSteps.RunAsync("tollgate-empty-path-", ModelSteps.Register("1"));

        var run = await CliRun.RunAsync(directory, "model", "which", "--dataset", "train.csv");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("trained 1 version:\nfraud@1 ");
    }
}
