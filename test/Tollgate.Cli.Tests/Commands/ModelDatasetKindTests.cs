using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model register --dataset</c> reads a DVC lock under any name, <c>--dataset-kind</c> forces a reading, and a file
/// named <c>dvc.lock</c> that is not a valid lock is exit 3 with one line and nothing registered.
/// </summary>
public sealed class ModelDatasetKindTests
{
    private static string Workspace()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-dataset-kind-").FullName;
        File.WriteAllText(Path.Combine(dir, "model.bin"), "weights");
        Directory.CreateDirectory(Path.Combine(dir, "pipelines"));
        File.WriteAllText(Path.Combine(dir, "pipelines", "train.lock"), ModelFixtures.DvcLock);
        return dir;
    }

    [Fact]
    public async Task Register_LockNamedOtherwise_LineageHoldsTheOutputsItPins()
    {
        var dir = Workspace();

        var register = await CliRun.RunAsync(dir, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "pipelines/train.lock");
        var lineage = await CliRun.RunAsync(dir, "model", "lineage", "fraud@1");
        var which = await CliRun.RunAsync(dir, "model", "which", "--dataset", "pipelines/train.lock");

        register.ExitCode.ShouldBe(0, register.Error);
        lineage.Out.ShouldContain("md5:3863d0e317dee0a55c4e59d2ec0eef33.dir");
        lineage.Out.ShouldContain("md5:a304afb96060aad90176268345e10355");
        which.Out.ShouldContain("fraud@1");
    }

    [Fact]
    public async Task Register_DatasetKindFile_HashesTheLockAsData()
    {
        var dir = Workspace();

        var register = await CliRun.RunAsync(dir, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "pipelines/train.lock", "--dataset-kind", "file");
        var lineage = await CliRun.RunAsync(dir, "model", "lineage", "fraud@1");
        var which = await CliRun.RunAsync(dir, "model", "which", "--dataset", "pipelines/train.lock", "--dataset-kind", "file");

        register.ExitCode.ShouldBe(0, register.Error);
        lineage.Out.ShouldNotContain("md5:");
        lineage.Out.ShouldContain("sha256:");
        which.Out.ShouldContain("fraud@1");
    }

    [Theory]
    [InlineData("schema: '2.0'\nstages:\n  train:\n    outs:\n    - model.pkl\n", "tollgate: error: dvc.lock: an output of stage train is not a mapping with path and md5 (line 5) (a file named dvc.lock is read as a DVC lock; --dataset-kind file hashes it as data instead)")]
    [InlineData("stages: 3\n", "tollgate: error: dvc.lock: not a dvc.lock (no stages mapping) (a file named dvc.lock is read as a DVC lock; --dataset-kind file hashes it as data instead)")]
    public async Task Register_FileNamedDvcLockThatIsNoLock_Exit3OneLineAndNothingRegistered(string content, string line)
    {
        var dir = Workspace();
        File.WriteAllText(Path.Combine(dir, "dvc.lock"), content);

        var register = await CliRun.RunAsync(dir, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "dvc.lock");
        var lineage = await CliRun.RunAsync(dir, "model", "lineage", "fraud@1");

        register.ExitCode.ShouldBe(3, register.Out);
        register.Error.ShouldBe(line + "\n");
        lineage.ExitCode.ShouldNotBe(0, "nothing was registered");
    }

    [Theory]
    [InlineData("tollgate: error: --dataset-kind lock: expected dvc-lock (read the file as a DVC lock whatever its name), dvc-file (as a .dvc file whatever its name) or file (hash its content, even a dvc.lock's or a .dvc file's)", "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "pipelines/train.lock", "--dataset-kind", "lock")]
    [InlineData("tollgate: error: --dataset-kind says how --dataset is read; a --digest is taken as recorded", "model", "which", "--digest", "md5:a304afb96060aad90176268345e10355", "--dataset-kind", "file")]
    public async Task DatasetKind_Misused_Exit3OneLine(string line, params string[] args)
    {
        var dir = Workspace();

        var run = await CliRun.RunAsync(dir, args);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe(line + "\n");
    }
}
