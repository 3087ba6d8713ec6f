using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model register --dataset X.dvc</c> for the <c>.dvc</c> files <c>dvc add</c>, <c>dvc import</c> and <c>dvc
/// import-url</c> write (test/Tollgate.Testing/Fixtures/Dvc), alone and beside a <c>dvc.lock</c> and plain files, then
/// <c>model lineage</c> and <c>model which</c> as users run them, on each ledger engine (subclasses). Before, a
/// <c>.dvc</c> file was hashed as a file, so lineage named the pointer and <c>which</c> never met a lock's output.
/// </summary>
public abstract class ModelDvcFileLineageTests() : DvcLineageCliTests("dvc-file-lineage")
{
    [Fact]
    public async Task Register_DvcAddImportAndImportUrlFiles_LineageListsTheDataAndWhereItCameFrom()
    {
        DvcLocks.CopyTo(Dir, "train.csv.dvc", "data/train.csv.dvc");
        DvcLocks.CopyTo(Dir, "reference.dvc", "data/reference.dvc");
        DvcLocks.CopyTo(Dir, "transactions.parquet.dvc", "data/transactions.parquet.dvc");

        var register = await RegisterAsync("1", "data/train.csv.dvc", "data/reference.dvc", "data/transactions.parquet.dvc");
        var lineage = await RunAsync("model", "lineage", "fraud@1");

        register.ExitCode.ShouldBe(0, register.Error);
        register.Out.ShouldContain("fraud@1 registered: artifact sha256:");
        register.Out.ShouldContain("5 datasets");
        lineage.ExitCode.ShouldBe(0, lineage.Error);
        DatasetRows(lineage).ShouldBe(
        [
            "    md5:3863d0e317dee0a55c4e59d2ec0eef33  train.csv  (dvc, 1 file, 4096 bytes)",
            $"    {Reference}  data/reference  (dvc-git)",
            "    md5:8277e0910d750195b448797616e091ad.dir  reference  (dvc, 4 files, 524288 bytes)",
            "    version_id:2rT.kQ9wXz4LmN0pVb7cS1dF8gH3jK6e@s3://fraud-lake/raw/transactions-2026-10.parquet  s3://fraud-lake/raw/transactions-2026-10.parquet  (dvc-version, 1 file, 201326592 bytes)",
            "    md5:e2fc714c4727ee9395f324cd2e7f331f  transactions.parquet  (dvc, 1 file, 201326592 bytes)",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task LineageJson_DvcFileBesideALockAndAPlainFile_EachReadItsOwnWay()
    {
        DvcLocks.CopyTo(Dir, "features.dvc", "data/features.dvc");
        DvcLocks.CopyTo(Dir, "plain.lock");
        File.WriteAllText(Path.Combine(Dir, "params.yaml"), "seed: 20170428\n");

        var register = await RegisterAsync("1", "data/features.dvc", "dvc.lock", "params.yaml");
        var lineage = await RunAsync("model", "lineage", "fraud@1", "--format", "json");

        register.ExitCode.ShouldBe(0, register.Error);
        JsonDocument.Parse(lineage.Out).RootElement.GetProperty("versions")[0].GetProperty("datasets").EnumerateArray()
            .Select(d => $"{d.GetProperty("kind").GetString()} {d.GetProperty("path").GetString()}")
            .ShouldBe(["dvc features", "dvc data/raw", "dvc src/prepare.py", "dvc data/features", "dvc model.pkl", "file params.yaml"], ignoreOrder: true);
    }

    [Fact]
    public async Task WhichDataset_DvcFileOfAnOutputALockAlsoPins_FindsTheVersionsOfBoth()
    {
        // data/features written by a pipeline (version 1, plain.lock) and the same directory added by hand, then
        // pushed to a version-aware remote (versions 2 and 3): one address, so either file finds all three.
        DvcLocks.CopyTo(Dir, "plain.lock");
        DvcLocks.CopyTo(Dir, "features.dvc", "data/features.dvc");
        DvcLocks.CopyTo(Dir, "features-pushed.dvc", "pushed/features.dvc");
        (await RegisterAsync("1", "dvc.lock")).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(Dir, "model.bin"), "weights retrained");
        (await RegisterAsync("2", "data/features.dvc")).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(Dir, "model.bin"), "weights retrained again");
        (await RegisterAsync("3", "pushed/features.dvc")).ExitCode.ShouldBe(0);

        (await VersionsTrainedOnAsync("data/features.dvc")).ShouldBe(["1", "2", "3"]);
        (await VersionsTrainedOnAsync("pushed/features.dvc")).ShouldBe(["1", "2", "3"]);
        (await VersionsTrainedOnAsync("dvc.lock")).ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task WhichDataset_DvcImportOfADatasetAPipelineRead_FindsThePipelinesVersion()
    {
        // datasets.lock reads the other repository at commit 3f78… as ds://reference; dvc import of the same path at
        // the same commit is the same data.
        DvcLocks.CopyTo(Dir, "datasets.lock", "pipelines/train/dvc.lock");
        DvcLocks.CopyTo(Dir, "reference.dvc", "data/reference.dvc");
        (await RegisterAsync("1", "pipelines/train/dvc.lock")).ExitCode.ShouldBe(0);

        var which = await RunAsync("model", "which", "--dataset", "data/reference.dvc");

        which.ExitCode.ShouldBe(0, which.Error);
        which.Out.ShouldStartWith($"{Reference},md5:8277e0910d750195b448797616e091ad.dir trained 1 version:\nfraud@1  registered");
    }

    [Fact]
    public async Task Register_TwoDvcFilesPinningOneOutput_OneDatasetAndTheSameRunAgainIsANoOp()
    {
        DvcLocks.CopyTo(Dir, "train.csv.dvc", "data/train.csv.dvc");
        DvcLocks.CopyTo(Dir, "train.csv.dvc", "backup/train.csv.dvc");

        var first = await RegisterAsync("1", "data/train.csv.dvc", "backup/train.csv.dvc");
        var again = await RegisterAsync("1", "data/train.csv.dvc", "backup/train.csv.dvc");
        var lineage = await RunAsync("model", "lineage", "fraud@1");

        first.ExitCode.ShouldBe(0, first.Error);
        first.Out.ShouldContain("fraud@1 registered: artifact sha256:");
        first.Out.ShouldContain(", 1 dataset, 1 file");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.ShouldContain("fraud@1 is already registered with this content");
        DatasetRows(lineage).ShouldBe(["    md5:3863d0e317dee0a55c4e59d2ec0eef33  train.csv  (dvc, 1 file, 4096 bytes)"]);
    }

    [Theory]
    [InlineData("import-no-exec.dvc", "tollgate: error: data/reference.dvc: the repo of dependency data/reference has no rev_lock, the commit the data was imported at (dvc import and dvc update write it) (line 6) (a file named *.dvc is read as a .dvc file; --dataset-kind file hashes it as data instead)")]
    [InlineData("unknown-shape.dvc", "tollgate: error: data/reference.dvc: output train.csv has key 'sha256', which DVC's .dvc file schema does not have here (line 6) (a file named *.dvc is read as a .dvc file; --dataset-kind file hashes it as data instead)")]
    public async Task Register_DvcFileThatPinsNothingBesideAGoodOne_Exit3OneLineAndNothingRegistered(string fixture, string line)
    {
        DvcLocks.CopyTo(Dir, "train.csv.dvc", "data/train.csv.dvc");
        DvcLocks.CopyTo(Dir, fixture, "data/reference.dvc");

        var register = await RegisterAsync("1", "data/train.csv.dvc", "data/reference.dvc");
        var which = await RunAsync("model", "which", "--dataset", "data/reference.dvc");
        var lineage = await RunAsync("model", "lineage", "fraud@1");

        register.ExitCode.ShouldBe(3, register.Out);
        register.Error.ShouldBe(line + "\n");
        which.ExitCode.ShouldBe(3);
        which.Error.ShouldBe(line + "\n");
        lineage.ExitCode.ShouldBe(3, "nothing was registered");
    }

    [Fact]
    public async Task Register_DvcFileWithDatasetKindFile_HashesThePointerItself()
    {
        DvcLocks.CopyTo(Dir, "train.csv.dvc", "data/train.csv.dvc");

        var register = await RunAsync("model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "data/train.csv.dvc", "--dataset-kind", "file");
        var lineage = await RunAsync("model", "lineage", "fraud@1");

        register.ExitCode.ShouldBe(0, register.Error);
        DatasetRows(lineage).ShouldHaveSingleItem().ShouldMatch(@"^    sha256:[0-9a-f]{64}  data/train\.csv\.dvc  \(file, 1 file, \d+ bytes\)$");
    }

    [Fact]
    public async Task WhichDataset_TheDataADvcFilePins_FoundByDvcsAddressOfItsContent()
    {
        // dvc add wrote the pointers; the user later asks about the data itself. MD5s as DVC computes them, from Python's
        // hashlib and json.dumps(sort_keys=True) over the directory's files (DVC's .dir), not from Tollgate.
        Directory.CreateDirectory(Path.Combine(Dir, "data", "features", "labels"));
        File.WriteAllText(Path.Combine(Dir, "data", "train.csv"), "a,b\n1,2\n");
        File.WriteAllText(Path.Combine(Dir, "data", "features", "part-0.csv"), "x\n1\n");
        File.WriteAllText(Path.Combine(Dir, "data", "features", "labels", "part-1.csv"), "y\n2\n");
        File.WriteAllText(Path.Combine(Dir, "data", "train.csv.dvc"), "outs:\n- md5: e5ebd4c02cefbe7955977c67ada242b7\n  size: 8\n  hash: md5\n  path: train.csv\n");
        File.WriteAllText(Path.Combine(Dir, "data", "features.dvc"), "outs:\n- md5: a3d876f3e49cb8cbedaa0bb0b586cbe1.dir\n  size: 8\n  nfiles: 2\n  hash: md5\n  path: features\n");
        (await RegisterAsync("1", "data/train.csv.dvc")).ExitCode.ShouldBe(0);
        (await RegisterAsync("2", "data/features.dvc")).ExitCode.ShouldBe(0);

        var file = await VersionsTrainedOnAsync("data/train.csv");
        var directory = await VersionsTrainedOnAsync("data/features");
        File.AppendAllText(Path.Combine(Dir, "data", "features", "part-0.csv"), "3\n");
        var changed = await VersionsTrainedOnAsync("data/features");

        file.ShouldBe(["1"]);
        directory.ShouldBe(["2"]);
        changed.ShouldBeEmpty();
    }

    [Fact]
    public async Task WhichDataset_DvcFileOfDataRegisteredPlainly_FoundWhileTheDataMatchesItsRecord()
    {
        // train.csv has CRLF line ends and a DVC 2 pointer (no hash: md5), whose md5 is of the text with LF ends:
        // printf 'id,label\r\n1,fraud\r\n2,ok\r\n' | sed 's/\r$//' | md5sum  ->  f3944b251dfe19edb8d7d54fbe5eaaf5
        // (md5sum of the bytes is 4fa485dd…; sha256sum 1a68329d…). Version 1 was registered from the data itself.
        Directory.CreateDirectory(Path.Combine(Dir, "data"));
        File.WriteAllText(Path.Combine(Dir, "data", "train.csv"), "id,label\r\n1,fraud\r\n2,ok\r\n");
        File.WriteAllText(Path.Combine(Dir, "data", "train.csv.dvc"), "outs:\n- md5: f3944b251dfe19edb8d7d54fbe5eaaf5\n  size: 25\n  path: train.csv\n");
        (await RegisterAsync("1", "data/train.csv")).ExitCode.ShouldBe(0);

        var matching = await RunAsync("model", "which", "--dataset", "data/train.csv.dvc");
        File.AppendAllText(Path.Combine(Dir, "data", "train.csv"), "3,ok\r\n");
        var changed = await RunAsync("model", "which", "--dataset", "data/train.csv.dvc");

        matching.ExitCode.ShouldBe(0, matching.Error);
        matching.Out.ShouldStartWith("md5:f3944b251dfe19edb8d7d54fbe5eaaf5,sha256:1a68329d7d8937de4fa30843054d56027b955930a96a9448977de25c281aeb46 trained 1 version:\nfraud@1  registered");
        matching.Error.ShouldBeEmpty();
        changed.ExitCode.ShouldBe(0, changed.Error);
        changed.Out.ShouldBe("md5:f3944b251dfe19edb8d7d54fbe5eaaf5 trained no registered model version\n");
        changed.Error.ShouldStartWith("tollgate: note: data/train.csv has changed since data/train.csv.dvc recorded it (md5:");
        changed.Error.ShouldEndWith(" by DVC 2's md5 in the workspace, md5:f3944b251dfe19edb8d7d54fbe5eaaf5 recorded): looked up by the record only\n");
    }
}
