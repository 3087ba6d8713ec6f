using Tollgate.Domain.Registry;
using Tollgate.Models.Lineage;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// Every shape DVC writes into a dvc.lock for an output or for data read from outside the repository, addressed by
/// the strongest identity DVC pinned (test/Tollgate.Testing/Fixtures/Dvc): before, any entry without md5 was exit 3.
/// </summary>
public sealed class DvcLockShapesTests
{
    private const string Features = "md5:ae14af9cb9dbdaf2ac5a9878c5b55ec7.dir";
    private const string Model = "md5:6d2f1e0c9b8a7f6e5d4c3b2a19081726";
    private const string Transactions = "version_id:2rT.kQ9wXz4LmN0pVb7cS1dF8gH3jK6e@s3://fraud-lake/raw/transactions-2026-10.parquet";
    private const string Reference = "rev_lock:3f786850e387550fdab836ed7e6dc881de23001b@https://github.com/example-org/fraud-reference.git#data/reference";
    private const string EurRates = "checksum:\"65f1c2a0-1b2e\"@https://data.example.org/fx/eur-rates.csv";

    private static IReadOnlyList<DatasetInput> Read(string fixture) => DatasetDigest.Of(DvcLocks.Path(fixture), fixture);

    // Reads a dvc.lock of this text, written to a directory of its own, as DatasetDigest reads one given as dvc.lock.
    private static IReadOnlyList<DatasetInput> ReadLock(string text)
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-dvc-");
        try
        {
            var path = Path.Combine(dir.FullName, "dvc.lock");
            File.WriteAllText(path, text);
            return DatasetDigest.Of(path, "dvc.lock");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Row(DatasetInput d) => $"{d.Digest}  {d.Path}  {d.Kind} {d.Files?.ToString() ?? "-"} {d.Bytes?.ToString() ?? "-"}";

    [Fact]
    public void Of_PlainLock_OutputsAndTheDependenciesNoStageOutputsByMd5() =>
        Read("plain.lock").Select(Row).ShouldBe(
        [
            "md5:9b1e3f0c2a7d4e58b6c1d0f2a3e4b5c6.dir  data/raw  dvc 3 18874368",
            "md5:5c0e6f1a2b3c4d5e6f708192a3b4c5d6  src/prepare.py  dvc 1 2048",
            $"{Features}  data/features  dvc 2 4216",
            $"{Model}  model.pkl  dvc 1 1843200",
        ]);

    [Fact]
    public void Of_CloudVersionedLock_ADirectoryListedFileByFileHasTheDigestOfItsUnlistedFormAndEachObjectItsVersion()
    {
        // The same pipeline as plain.lock after dvc push to a version_aware remote: the same digests, and beside them
        // the object version of each file of data/features and of model.pkl (before, the versions were dropped).
        var plain = Read("plain.lock").Select(Row).ToList();
        var versions = Read("cloud-versioned.lock").Select(Row).Except(plain).ToList();

        Read("cloud-versioned.lock").Select(Row).Intersect(plain).ShouldBe(plain);
        versions.ShouldBe(
        [
            "version_id:Ke3vQ8s1oJ0b.Tz7PyUa4nLmW2xR5dHg@remote://lake/data/features/labels/part-0.csv  data/features/labels/part-0.csv  dvc-version 1 120",
            "version_id:0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV@remote://lake/data/features/train.csv  data/features/train.csv  dvc-version 1 4096",
            "version_id:vH3nJ.8kLq2wEr5tYu7iOp9aSd1fGh4Z@remote://lake/model.pkl  model.pkl  dvc-version 1 1843200",
        ]);
    }

    [Fact]
    public void Of_FilesWithTheirVersionsOnThemselves_EachFileByItsVersionElseItsEtag()
    {
        // The shape of DVC's own test (tests/unit/stage/test_serialize_pipeline_lock.py,
        // test_to_single_stage_lockfile_cloud_versioning_dir): version_id and etag on each file, no remote named; and
        // a file a worktree remote gave only an etag.
        var datasets = ReadLock("""
            schema: '2.0'
            stages:
              prepare:
                cmd: prepare
                outs:
                - hash: md5
                  path: dir
                  files:
                  - size: 3
                    version_id: WYRG4BglP7pD.gEoJP6a4AqOhl.FRA.h
                    etag: acbd18db4cc2f85cedef654fccc4a4d8
                    md5: acbd18db4cc2f85cedef654fccc4a4d8
                    relpath: bar
                  - size: 3
                    etag: acbd18db4cc2f85cedef654fccc4a4d8
                    md5: acbd18db4cc2f85cedef654fccc4a4d8
                    relpath: foo
            """);

        datasets.Skip(1).Select(Row).ShouldBe(
        [
            "version_id:WYRG4BglP7pD.gEoJP6a4AqOhl.FRA.h@dir/bar  dir/bar  dvc-version 1 3",
            "etag:acbd18db4cc2f85cedef654fccc4a4d8@dir/foo  dir/foo  dvc-etag 1 3",
        ]);
    }

    [Fact]
    public void Of_ExternalLock_EachByTheStoragesPinWithItsUrlAndMd5WhereDvcHashedTheContent() =>
        Read("external.lock").Select(Row).ShouldBe(
        [
            $"{Transactions}  s3://fraud-lake/raw/transactions-2026-10.parquet  dvc-version 1 201326592",
            "etag:5d41402abc4b2a76b9719d911017c592@s3://fraud-lake/raw/chargebacks.csv  s3://fraud-lake/raw/chargebacks.csv  dvc-etag 1 88211",
            "etag:9e107d9d372bb6826bd81d3542a419d6@gs://fraud-partner/merchants.parquet  gs://fraud-partner/merchants.parquet  dvc-etag 1 5242880",
            "etag:\"0x8DCF1A2B3C4D5E6\"@azure://fraud-share/blocklist.csv  azure://fraud-share/blocklist.csv  dvc-etag 1 40960",
            $"{EurRates}  https://data.example.org/fx/eur-rates.csv  dvc-checksum 1 7311",
            "checksum:00000200000000000000000026d8e0ac9e4c7a0a4f3b1d2c8e9f7a6b5c4d3e2f@hdfs://namenode:8020/warehouse/devices/part-00000.orc  hdfs://namenode:8020/warehouse/devices/part-00000.orc  dvc-checksum 1 67108864",
            "md5:e4d909c290d0fb1ca068ffaddf22cbd0  ssh://etl@batch-01.example.org/exports/sessions.csv  dvc 1 1048576",
            "md5:0cc175b9c0f1b6a831c399e269772661  /mnt/shared/reference/countries.csv  dvc 1 12288",
            "md5:92eb5ffee6ae2fec3ad71c777531578f  data/joined.parquet  dvc 1 314572800",
            "version_id:Pq7.Wm2Zr9Lx4Ks1Nv8Bt5Jc3Hd6Gf0A@s3://fraud-lake/scores/latest.parquet  s3://fraud-lake/scores/latest.parquet  dvc-version 1 9437184",
        ]);

    [Fact]
    public void Of_DatasetsLock_RepositoryAtItsCommitDataChainVersionAndStorageDirectoryByItsVersions() =>
        Read("datasets.lock").Select(Row).ShouldBe(
        [
            $"{Reference}  ds://reference  dvc-git - -",
            "version:3@ds://clicks@v3  ds://clicks  dvc-datachain - -",
            "version_id:f09ad19386a4f8192d1acb368d4c5145.dir@s3://fraud-lake/images  ds://images  dvc-version 2 3145728",
            "md5:c4ca4238a0b923820dcc509a6f75849b  model.pkl  dvc 1 921600",
        ]);

    [Fact]
    public void Of_MixedLock_EveryShapeOnceInStageOrder() =>
        Read("mixed.lock").Select(d => $"{d.Digest}  {d.Kind}").ShouldBe(
        [
            $"{Transactions}  dvc-version",
            $"{Reference}  dvc-git",
            $"{EurRates}  dvc-checksum",
            "md5:1679091c5a880faf6fb5e6087eb1b2dc  dvc",
            "md5:92eb5ffee6ae2fec3ad71c777531578f  dvc",
            $"{Features}  dvc",
            "version_id:Ke3vQ8s1oJ0b.Tz7PyUa4nLmW2xR5dHg@remote://lake/data/features/labels/part-0.csv  dvc-version",
            "version_id:0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV@remote://lake/data/features/train.csv  dvc-version",
            "md5:8f14e45fceea167a5a36dedd4bea2543  dvc",
            $"{Model}  dvc",
            "version_id:vH3nJ.8kLq2wEr5tYu7iOp9aSd1fGh4Z@remote://lake/model.pkl  dvc-version",
        ]);

    [Theory]
    [InlineData("plain.lock")]
    [InlineData("cloud-versioned.lock")]
    [InlineData("external.lock")]
    [InlineData("datasets.lock")]
    [InlineData("mixed.lock")]
    public void Of_EveryShape_DigestsAreRecordableAndTakenForALockByContent(string fixture)
    {
        DvcLock.Looks(DvcLocks.Path(fixture)).ShouldBeTrue();
        Read(fixture).ShouldAllBe(d => DatasetDigest.IsRecordable(d.Digest));
    }

    [Fact]
    public void Of_DependencyInsideTheRepository_RecordedUnlessAStageOutputHasItsDigest()
    {
        // data/raw.csv is raw input (dvc add, or git): only the dependency pins it. features is prepare's output read by
        // train under another path (train's wdir): the same digest, recorded once, as the output. model.pkl read by
        // evaluate at an older md5 than the lock's output now has: the version evaluate read, recorded.
        var datasets = ReadLock("""
            schema: '2.0'
            stages:
              prepare:
                cmd: prepare
                deps:
                - path: data/raw.csv
                  md5: 0cc175b9c0f1b6a831c399e269772661
                  size: 1
                outs:
                - path: data/features
                  hash: md5
                  md5: ae14af9cb9dbdaf2ac5a9878c5b55ec7.dir
              train:
                cmd: train
                deps:
                - path: ../data/features
                  hash: md5
                  md5: ae14af9cb9dbdaf2ac5a9878c5b55ec7.dir
                outs:
                - path: model.pkl
                  hash: md5
                  md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726
              evaluate:
                cmd: evaluate
                deps:
                - path: model.pkl
                  hash: md5
                  md5: 92eb5ffee6ae2fec3ad71c777531578f
            """);

        datasets.Select(Row).ShouldBe(
        [
            "md5:0cc175b9c0f1b6a831c399e269772661  data/raw.csv  dvc 1 1",
            $"{Features}  data/features  dvc - -",
            $"{Model}  model.pkl  dvc 1 -",
            "md5:92eb5ffee6ae2fec3ad71c777531578f  model.pkl  dvc 1 -",
        ]);
    }

    [Fact]
    public void Of_SameExternalDataReadByTwoStages_RecordedOnce()
    {
        var datasets = ReadLock("""
            schema: '2.0'
            stages:
              a:
                cmd: a
                deps:
                - path: s3://lake/raw.csv
                  etag: 5d41402abc4b2a76b9719d911017c592
              b:
                cmd: b
                deps:
                - path: s3://lake/raw.csv
                  etag: 5d41402abc4b2a76b9719d911017c592
            """);

        datasets.ShouldHaveSingleItem().Digest.ShouldBe("etag:5d41402abc4b2a76b9719d911017c592@s3://lake/raw.csv");
    }

    [Fact]
    public void Of_ARemoteNamedWithNothingUnderIt_RefusedNamingItsLine()
    {
        // Found by the YAML fuzz: `cloud: {lake: }` under an output threw a NullReferenceException (the versions were
        // read before the output was checked) instead of the refusal a malformed cloud map gets.
        const string text = "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726\n      size: 1843200\n      cloud:\n        lake:\n";

        var e = Should.Throw<Tollgate.Domain.InvalidInputException>(() => ReadLock(text));

        e.Message.ShouldStartWith("dvc.lock: output model.pkl of stage train has a cloud map that is not a remote's name and its pins (line 11)");
    }
}
