using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// Every file a command reads says what is wrong with it in the same one line and exits 3: a directory given for a
/// file, a missing file, a missing directory on the way, an unreadable file, whichever option names it.
/// </summary>
public sealed class InputFileErrorTests : IDisposable
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-input-").FullName;

    public InputFileErrorTests()
    {
        File.WriteAllText(Path.Combine(_directory, "main.tf"), "resource \"terraform_data\" \"a\" {}\n");
        Directory.CreateDirectory(Path.Combine(_directory, "dir"));
        UnreadableFile.At(Path.Combine(_directory, "locked"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Each command line with the file it reads as FILE.</summary>
    public static TheoryData<string[]> Readers => new()
    {
        { ["policy", "check", "FILE"] },
        { ["plan", Plan, "--policy", "FILE"] },
        { ["plan", Plan, "--scan", "FILE"] },
        { ["graph", ".", "--policy", "FILE"] },
        { ["graph", ".", "--owners", "FILE"] },
        { ["graph", ".", "--changed", "FILE"] },
        { ["state-split", ".", "--owners", "FILE"] },
        { ["model", "import", "--mlflow", "FILE"] },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Read_Directory_SaysItIsADirectory(string[] args)
    {
        var run = await RunAsync(args, "dir");

        run.Error.ShouldBe("tollgate: error: dir is a directory, not a regular file\n");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Read_Missing_SaysItDoesNotExist(string[] args)
    {
        var run = await RunAsync(args, "none.yaml");

        run.Error.ShouldBe("tollgate: error: none.yaml does not exist\n");
    }

    [Theory]
    [InlineData("plan", "--bogus")]
    [InlineData("graph", "--bogus")]
    [InlineData("k8s", "lint", "--bogus")]
    [InlineData("policy", "check", "-x")]
    public async Task Read_UnknownOptionTakenForTheFile_SaysItIsNoOption(params string[] args)
    {
        // The option was bound as the command's file argument, which said "--bogus does not exist".
        var run = await RunAsync(args, "unused");

        run.Error.ShouldBe($"tollgate: error: {args[^1]} is neither an option of this command nor a file (see --help)\n");
    }

    [Fact]
    public async Task Read_MissingFileShownAfterItsOption_SaysItDoesNotExist()
    {
        // The option's name leads the words ("--prometheus-token-file token"), which read as an unknown option: the
        // user was told the command has no --prometheus-token-file.
        var spec = Path.Combine(AppContext.BaseDirectory, "Fixtures", "canary.yaml");

        var run = await CliRun.RunAsync(_directory, "canary", "--spec", spec, "--at", "2026-11-01T10:30:00Z", "--prometheus-token-file", "token");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: --prometheus-token-file token does not exist\n");
        Directory.Exists(Path.Combine(_directory, ".tollgate")).ShouldBeFalse("nothing is recorded without the token");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Read_DirectoryOnTheWayMissing_NamesTheMissingDirectory(string[] args)
    {
        var run = await RunAsync(args, "conf/prod/x.yaml");

        run.Error.ShouldBe($"tollgate: error: conf/prod/x.yaml does not exist: there is no directory {Path.Combine(_directory, "conf")}\n");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Read_Unreadable_SaysPermissionDenied(string[] args)
    {
        var run = await RunAsync(args, "locked");

        run.Error.ShouldBe("tollgate: error: cannot read locked: permission denied\n");
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("graph")]
    public async Task Subject_UnreadableOrMissingDirectory_SameWordsForTheFullPath(string command)
    {
        var locked = await CliRun.RunAsync(_directory, command, "locked");
        var missing = await CliRun.RunAsync(_directory, command, "out/plan.json");

        locked.ExitCode.ShouldBe(3);
        locked.Error.ShouldBe($"tollgate: error: cannot read {Path.Combine(_directory, "locked")}: permission denied\n");
        missing.ExitCode.ShouldBe(3);
        missing.Error.ShouldBe($"tollgate: error: {Path.Combine(_directory, "out", "plan.json")} does not exist: there is no directory {Path.Combine(_directory, "out")}\n");
        Directory.Exists(Path.Combine(_directory, ".tollgate")).ShouldBeFalse("nothing is recorded for input that cannot be read");
    }

    [Theory]
    [InlineData("plan", "empty")]
    [InlineData("graph", "empty")]
    [InlineData("state-split", "empty")]
    [InlineData("approve", "empty", "--by", "alice", "--reason", "r")]
    public async Task Subject_DirectoryWithoutConfiguration_NamesBothFileKinds(params string[] args)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty"));

        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldEndWith("empty holds no Terraform configuration (*.tf, *.tf.json)\n");
        run.Error.Count(c => c == '\n').ShouldBe(1);
        Directory.Exists(Path.Combine(_directory, ".tollgate")).ShouldBeFalse("nothing is recorded for a directory with nothing to plan");
    }

    [Theory]
    [InlineData("plan", "infra/main.tf", "infra")]
    [InlineData("graph", "infra/main.tf", "infra")]
    [InlineData("state-split", "infra/main.tf", "infra")]
    [InlineData("plan", "infra/main.tf.json", "infra")]
    [InlineData("graph", "infra/main.tf.json", "infra")]
    [InlineData("plan", "main.tf", ".")]
    public async Task Subject_ConfigurationFile_SaysToGiveItsDirectory(string command, string file, string directory)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "infra"));
        File.WriteAllText(Path.Combine(_directory, "infra", "main.tf"), "resource \"terraform_data\" \"a\" {}\n");
        File.WriteAllText(Path.Combine(_directory, "infra", "main.tf.json"), """{"resource": {"terraform_data": {"a": {}}}}""");

        var run = await CliRun.RunAsync(_directory, command, file);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {file} is a Terraform configuration file: give the directory that holds it ({directory})\n");
        Directory.Exists(Path.Combine(_directory, ".tollgate")).ShouldBeFalse("nothing is recorded for a file that is no plan");
    }

    [Fact]
    public async Task Subject_PlanSavedAsTfJson_IsReadAsAPlan()
    {
        File.Copy(Plan, Path.Combine(_directory, "plan.tf.json"));

        var run = await CliRun.RunAsync(_directory, "plan", "plan.tf.json");

        run.Error.ShouldNotContain("configuration file");
        run.Out.ShouldContain("terraform-plan");
    }

    [Fact]
    public async Task DefaultPolicy_ADirectoryNamedTollgateYaml_IsAnErrorNotTheDefaults()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "tollgate.yaml"));

        var run = await CliRun.RunAsync(_directory, "plan", Plan);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: tollgate.yaml is a directory, not a regular file\n");
    }

    [Fact]
    public async Task PolicyInitWrite_SomethingAlreadyThere_RefusedAndNothingWrittenThroughALink()
    {
        var target = Path.Combine(_directory, "elsewhere.yaml");
        File.CreateSymbolicLink(Path.Combine(_directory, "tollgate.yaml"), target);

        var run = await CliRun.RunAsync(_directory, "policy", "init", "--write");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: cannot write the policy to {Path.Combine(_directory, "tollgate.yaml")}: it already exists\n");
        File.Exists(target).ShouldBeFalse();
    }

    private async Task<CliRun> RunAsync(string[] args, string file)
    {
        var run = await CliRun.RunAsync(_directory, args.Select(a => a == "FILE" ? file : a).ToArray());
        run.ExitCode.ShouldBe(3, run.Error);
        run.Out.ShouldBeEmpty();
        return run;
    }
}
