using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model register --dataset dvc.lock</c> for every shape DVC writes (test/Tollgate.Testing/Fixtures/Dvc), then
/// <c>model lineage</c> and <c>model which</c> as users run them, on each ledger engine (subclasses). Before, an
/// output or dependency without md5 was exit 3 and such a pipeline could not be registered at all.
/// </summary>
public abstract class ModelDvcLineageTests() : DvcLineageCliTests("dvc-lineage")
{
    private const string Transactions = "version_id:2rT.kQ9wXz4LmN0pVb7cS1dF8gH3jK6e@s3://fraud-lake/raw/transactions-2026-10.parquet";
    [Fact]
    public async Task Register_MixedLock_LineageListsEveryPinWithItsKind()
    {
        DvcLocks.CopyTo(Dir, "mixed.lock");

        var register = await RegisterAsync("1", "dvc.lock");
        var lineage = await RunAsync("model", "lineage", "fraud@1");

        register.ExitCode.ShouldBe(0, register.Error);
        register.Out.ShouldContain("fraud@1 registered: artifact sha256:");
        register.Out.ShouldContain("11 datasets");
        lineage.ExitCode.ShouldBe(0, lineage.Error);
        var datasets = DatasetRows(lineage);
        datasets.ShouldBe(
        [
            "    md5:8f14e45fceea167a5a36dedd4bea2543  metrics.json  (dvc, 1 file, 87 bytes)",
            "    md5:ae14af9cb9dbdaf2ac5a9878c5b55ec7.dir  data/features  (dvc, 2 files, 4216 bytes)",
            "    md5:92eb5ffee6ae2fec3ad71c777531578f  data/joined.parquet  (dvc, 1 file, 314572800 bytes)",
            "    md5:1679091c5a880faf6fb5e6087eb1b2dc  src/ingest.py  (dvc, 1 file, 3120 bytes)",
            $"    {Reference}  ds://reference  (dvc-git)",
            "    checksum:\"65f1c2a0-1b2e\"@https://data.example.org/fx/eur-rates.csv  https://data.example.org/fx/eur-rates.csv  (dvc-checksum, 1 file, 7311 bytes)",
            "    md5:6d2f1e0c9b8a7f6e5d4c3b2a19081726  model.pkl  (dvc, 1 file, 1843200 bytes)",
            "    version_id:vH3nJ.8kLq2wEr5tYu7iOp9aSd1fGh4Z@remote://lake/model.pkl  model.pkl  (dvc-version, 1 file, 1843200 bytes)",
            "    version_id:Ke3vQ8s1oJ0b.Tz7PyUa4nLmW2xR5dHg@remote://lake/data/features/labels/part-0.csv  data/features/labels/part-0.csv  (dvc-version, 1 file, 120 bytes)",
            "    version_id:0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV@remote://lake/data/features/train.csv  data/features/train.csv  (dvc-version, 1 file, 4096 bytes)",
            $"    {Transactions}  s3://fraud-lake/raw/transactions-2026-10.parquet  (dvc-version, 1 file, 201326592 bytes)",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task LineageJson_ExternalAndDatasetLocks_KindAndDigestPerDataset()
    {
        DvcLocks.CopyTo(Dir, "external.lock", "pipelines/ingest/dvc.lock");
        DvcLocks.CopyTo(Dir, "datasets.lock", "pipelines/train/dvc.lock");

        var register = await RegisterAsync("1", "pipelines/ingest/dvc.lock", "pipelines/train/dvc.lock");
        var lineage = await RunAsync("model", "lineage", "fraud@1", "--format", "json");

        register.ExitCode.ShouldBe(0, register.Error);
        var kinds = JsonDocument.Parse(lineage.Out).RootElement.GetProperty("versions")[0].GetProperty("datasets").EnumerateArray()
            .GroupBy(d => d.GetProperty("kind").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        kinds.ShouldBe(new Dictionary<string, int> { ["dvc"] = 4, ["dvc-version"] = 3, ["dvc-etag"] = 3, ["dvc-checksum"] = 2, ["dvc-git"] = 1, ["dvc-datachain"] = 1 }, ignoreOrder: true);
    }

    [Theory]
    [InlineData(Transactions)]
    [InlineData(Reference)]
    [InlineData("checksum:\"65f1c2a0-1b2e\"@https://data.example.org/fx/eur-rates.csv")]
    [InlineData("md5:ae14af9cb9dbdaf2ac5a9878c5b55ec7.dir")]
    [InlineData("version_id:0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV@remote://lake/data/features/train.csv")]
    public async Task WhichDigest_EachPinAsLineageShowsIt_FindsTheVersion(string digest)
    {
        DvcLocks.CopyTo(Dir, "mixed.lock");
        (await RegisterAsync("1", "dvc.lock")).ExitCode.ShouldBe(0);

        var which = await RunAsync("model", "which", "--digest", digest);

        which.ExitCode.ShouldBe(0, which.Error);
        which.Out.ShouldStartWith($"{digest} trained 1 version:\nfraud@1  registered");
    }

    [Fact]
    public async Task WhichDigest_SameObjectAnotherVersion_TrainedNothing()
    {
        DvcLocks.CopyTo(Dir, "mixed.lock");
        (await RegisterAsync("1", "dvc.lock")).ExitCode.ShouldBe(0);
        var other = Transactions.Replace("2rT.kQ9wXz4LmN0pVb7cS1dF8gH3jK6e", "9Zy.aB3cD4eF5gH6iJ7kL8mN9oP0qR1s", StringComparison.Ordinal);

        var which = await RunAsync("model", "which", "--digest", other);

        which.ExitCode.ShouldBe(0, which.Error);
        which.Out.ShouldBe($"{other} trained no registered model version\n");
    }

    [Fact]
    public async Task WhichDataset_PlainLockAfterACloudVersionedPush_FindsTheVersionsOfBothForms()
    {
        // The same pipeline before and after `dvc push` to a version-aware remote: the directory listed file by file
        // has the md5 DVC writes for it unlisted, so the lock of either form finds the versions of both.
        DvcLocks.CopyTo(Dir, "plain.lock", "before/dvc.lock");
        DvcLocks.CopyTo(Dir, "cloud-versioned.lock", "after/dvc.lock");
        (await RegisterAsync("1", "before/dvc.lock")).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(Dir, "model.bin"), "weights retrained");
        (await RegisterAsync("2", "after/dvc.lock")).ExitCode.ShouldBe(0);

        var which = await RunAsync("model", "which", "--dataset", "before/dvc.lock", "--format", "json");

        which.ExitCode.ShouldBe(0, which.Error);
        Versions(which).ShouldBe(["1", "2"], ignoreOrder: true);
    }

    [Fact]
    public async Task WhichDataset_LockInASubdirectoryOfDataRegisteredPlainly_FoundWhileTheOutputMatchesItsRecord()
    {
        // pipelines/train/dvc.yaml runs its stage from the root (wdir: ../..), so the lock's data/train.csv is the
        // root's. Version 1 was registered from the data itself. printf 'a,b\n1,2\n' | md5sum -> e5ebd4c0…,
        // | sha256sum -> 492d5ea4…
        Directory.CreateDirectory(Path.Combine(Dir, ".dvc"));
        Directory.CreateDirectory(Path.Combine(Dir, "data"));
        Directory.CreateDirectory(Path.Combine(Dir, "pipelines", "train"));
        File.WriteAllText(Path.Combine(Dir, "data", "train.csv"), "a,b\n1,2\n");
        File.WriteAllText(Path.Combine(Dir, "pipelines", "train", "dvc.yaml"), "stages:\n  prepare:\n    wdir: ../..\n    cmd: python prepare.py\n    outs: [data/train.csv]\n");
        File.WriteAllText(Path.Combine(Dir, "pipelines", "train", "dvc.lock"), "schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    outs:\n    - path: data/train.csv\n      hash: md5\n      md5: e5ebd4c02cefbe7955977c67ada242b7\n      size: 8\n");
        (await RegisterAsync("1", "data/train.csv")).ExitCode.ShouldBe(0);

        var matching = await RunAsync("model", "which", "--dataset", "pipelines/train/dvc.lock");
        File.AppendAllText(Path.Combine(Dir, "data", "train.csv"), "3,4\n");
        var changed = await RunAsync("model", "which", "--dataset", "pipelines/train/dvc.lock");
        File.Delete(Path.Combine(Dir, "data", "train.csv"));
        var missing = await RunAsync("model", "which", "--dataset", "pipelines/train/dvc.lock");

        matching.ExitCode.ShouldBe(0, matching.Error);
        matching.Out.ShouldStartWith("md5:e5ebd4c02cefbe7955977c67ada242b7,sha256:492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470 trained 1 version:\nfraud@1  registered");
        matching.Error.ShouldBeEmpty();
        changed.ExitCode.ShouldBe(0, changed.Error);
        changed.Out.ShouldBe("md5:e5ebd4c02cefbe7955977c67ada242b7 trained no registered model version\n");
        changed.Error.ShouldStartWith("tollgate: note: data/train.csv has changed since pipelines/train/dvc.lock recorded it (md5:");
        changed.Error.ShouldEndWith(" in the workspace, md5:e5ebd4c02cefbe7955977c67ada242b7 recorded): looked up by the record only\n");
        missing.ExitCode.ShouldBe(0, missing.Error);
        missing.Error.ShouldBe("tollgate: note: data/train.csv is not in the workspace (dvc pull or dvc checkout puts it there): looked up by what pipelines/train/dvc.lock records only\n");
    }

    [Fact]
    public async Task Register_CloudVersionedLockInASubdirectoryOfARepository_ObjectsKeyedFromTheRoot()
    {
        // Version 1 is registered before the directory is a DVC repository (the key as the lock writes it, as every
        // version registered before keys were taken from the root); version 2 after `dvc init` made it one.
        DvcLocks.CopyTo(Dir, "cloud-versioned.lock", "pipelines/dvc.lock");
        (await RegisterAsync("1", "pipelines/dvc.lock")).ExitCode.ShouldBe(0);
        Directory.CreateDirectory(Path.Combine(Dir, ".dvc"));
        File.WriteAllText(Path.Combine(Dir, "model.bin"), "weights retrained");
        (await RegisterAsync("2", "pipelines/dvc.lock")).ExitCode.ShouldBe(0);

        var lineage = await RunAsync("model", "lineage", "fraud@2");
        var exact = await RunAsync("model", "which", "--digest", "version_id:vH3nJ.8kLq2wEr5tYu7iOp9aSd1fGh4Z@remote://lake/pipelines/model.pkl", "--format", "json");
        var before = await RunAsync("model", "which", "--digest", "version_id:vH3nJ.8kLq2wEr5tYu7iOp9aSd1fGh4Z@remote://lake/model.pkl", "--format", "json");

        DatasetRows(lineage).ShouldContain("    version_id:vH3nJ.8kLq2wEr5tYu7iOp9aSd1fGh4Z@remote://lake/pipelines/model.pkl  model.pkl  (dvc-version, 1 file, 1843200 bytes)");
        DatasetRows(lineage).ShouldContain("    version_id:0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV@remote://lake/pipelines/data/features/train.csv  data/features/train.csv  (dvc-version, 1 file, 4096 bytes)");
        Versions(exact).ShouldBe(["2"]);
        Versions(before).ShouldBe(["1"]);
        (await VersionsTrainedOnAsync("pipelines/dvc.lock")).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task WhichDataset_LockWithTwoOutputsOfOneVersion_ListsTheVersionOnceAndNamesTheLock()
    {
        // Both outputs match their records, so each is looked up by its md5 and its SHA-256: four digests that all lead
        // to fraud@1. Before, it was listed once per digest found ("trained 2 versions", fraud@1 twice), under a first
        // line of every digest joined. printf 'a,b\n1,2\n' | md5sum -> e5ebd4c0…; printf 'a,b\n3,4\n' | md5sum -> b2bfedbf…
        Directory.CreateDirectory(Path.Combine(Dir, "data"));
        File.WriteAllText(Path.Combine(Dir, "data", "x.csv"), "a,b\n1,2\n");
        File.WriteAllText(Path.Combine(Dir, "data", "y.csv"), "a,b\n3,4\n");
        File.WriteAllText(Path.Combine(Dir, "dvc.lock"), "schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    outs:\n"
            + "    - path: data/x.csv\n      hash: md5\n      md5: e5ebd4c02cefbe7955977c67ada242b7\n      size: 8\n"
            + "    - path: data/y.csv\n      hash: md5\n      md5: b2bfedbf7a0f5bf84cea4ab7fc2fe2f5\n      size: 8\n");
        (await RegisterAsync("1", "dvc.lock")).ExitCode.ShouldBe(0);

        var text = await RunAsync("model", "which", "--dataset", "dvc.lock");
        var json = await RunAsync("model", "which", "--dataset", "dvc.lock", "--format", "json");
        var one = await RunAsync("model", "which", "--dataset", "data/x.csv");

        text.ExitCode.ShouldBe(0, text.Error);
        text.Out.ShouldStartWith("dvc.lock (4 digests; --format json lists them) trained 1 version:\nfraud@1  registered");
        text.Out.Split('\n').Count(l => l.StartsWith("fraud@1", StringComparison.Ordinal)).ShouldBe(1);
        Versions(json).ShouldBe(["1"]);
        JsonDocument.Parse(json.Out).RootElement.GetProperty("dataset").GetString()!.Split(',').Length.ShouldBe(4);
        one.Out.ShouldStartWith("sha256:492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470,md5:e5ebd4c02cefbe7955977c67ada242b7 trained 1 version:\nfraud@1");
    }

    private static string[] Versions(CliRun which)
    {
        which.ExitCode.ShouldBe(0, which.Error);
        return JsonDocument.Parse(which.Out).RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToArray();
    }

    [Theory]
    [InlineData("unpinned.lock", "tollgate: error: dvc.lock: output raw2.cln of stage cleanups@raw2 pins no version of its data: no md5 and no files with md5 (dvc commit writes them) (line 15) (a file named dvc.lock is read as a DVC lock; --dataset-kind file hashes it as data instead)")]
    [InlineData("unknown-shape.lock", "tollgate: error: dvc.lock: output embeddings.npy of stage train has key 'sha256', which DVC's dvc.lock schema does not have here (line 12) (a file named dvc.lock is read as a DVC lock; --dataset-kind file hashes it as data instead)")]
    public async Task Register_LockWithAnOutputItCannotAddress_Exit3OneLineAndNothingRegistered(string fixture, string line)
    {
        DvcLocks.CopyTo(Dir, fixture);

        var register = await RegisterAsync("1", "dvc.lock");
        var which = await RunAsync("model", "which", "--dataset", "dvc.lock");
        var lineage = await RunAsync("model", "lineage", "fraud@1");

        register.ExitCode.ShouldBe(3, register.Out);
        register.Error.ShouldBe(line + "\n");
        which.ExitCode.ShouldBe(3);
        which.Error.ShouldBe(line + "\n");
        lineage.ExitCode.ShouldBe(3, "nothing was registered");
    }
}
