using Tollgate.Domain.Registry;
using Tollgate.Models.Lineage;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// The <c>.dvc</c> files <c>dvc add</c>, <c>dvc import</c>, <c>dvc import-url</c> and <c>dvc import-db</c> write
/// (test/Tollgate.Testing/Fixtures/Dvc), each output addressed as the same output is from a <c>dvc.lock</c>, and where
/// imported data came from as the lock addresses the same source: before, a <c>.dvc</c> file was hashed as data, so a
/// model trained on <c>dvc add</c>ed data named the 100-byte pointer, not the data.
/// </summary>
public sealed class DotDvcFileShapesTests : IDisposable
{
    private const string Features = "md5:ae14af9cb9dbdaf2ac5a9878c5b55ec7.dir";
    private const string Transactions = "version_id:2rT.kQ9wXz4LmN0pVb7cS1dF8gH3jK6e@s3://fraud-lake/raw/transactions-2026-10.parquet";
    private const string Reference = "rev_lock:3f786850e387550fdab836ed7e6dc881de23001b@https://github.com/example-org/fraud-reference.git#data/reference";

    private readonly TempDirectory _dir = new();

    private static IReadOnlyList<DatasetInput> Read(string fixture) => DatasetDigest.Of(DvcLocks.Path(fixture), fixture);

    private static string Row(DatasetInput d) => $"{d.Digest}  {d.Path}  {d.Kind} {d.Files?.ToString() ?? "-"} {d.Bytes?.ToString() ?? "-"}";

    [Theory]
    [InlineData("train.csv.dvc", "md5:3863d0e317dee0a55c4e59d2ec0eef33  train.csv  dvc 1 4096")]
    [InlineData("features.dvc", $"{Features}  features  dvc 2 4216")]
    [InlineData("chargebacks.csv.dvc", "md5:5d41402abc4b2a76b9719d911017c592  chargebacks.csv  dvc 1 88211")]
    [InlineData("chargebacks-query.dvc", "md5:45c48cce2e2d7fbdea1afc51c7c6ad26  chargebacks-2026-10.csv  dvc 1 91022")]
    public void Of_DvcAddOrImportDb_TheOutputByItsMd5(string fixture, string row) =>
        Read(fixture).Select(Row).ShouldBe([row]);

    [Fact]
    public void Of_DvcAddThenPushToAVersionAwareRemote_TheDirectoryByItsMd5AndEachFileByItsObjectVersion() =>
        Read("features-pushed.dvc").Select(Row).ShouldBe(
        [
            $"{Features}  features  dvc 2 4216",
            "version_id:Ke3vQ8s1oJ0b.Tz7PyUa4nLmW2xR5dHg@remote://lake/features/labels/part-0.csv  features/labels/part-0.csv  dvc-version 1 120",
            "version_id:0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV@remote://lake/features/train.csv  features/train.csv  dvc-version 1 4096",
        ]);

    [Fact]
    public void Of_DvcImport_TheCommitItWasImportedAtAndTheCopy() =>
        Read("reference.dvc").Select(Row).ShouldBe(
        [
            $"{Reference}  data/reference  dvc-git - -",
            "md5:8277e0910d750195b448797616e091ad.dir  reference  dvc 4 524288",
        ]);

    [Fact]
    public void Of_DvcImportUrlVersionAware_TheObjectVersionWithItsUrlAndTheCopy() =>
        Read("transactions.parquet.dvc").Select(Row).ShouldBe(
        [
            $"{Transactions}  s3://fraud-lake/raw/transactions-2026-10.parquet  dvc-version 1 201326592",
            "md5:e2fc714c4727ee9395f324cd2e7f331f  transactions.parquet  dvc 1 201326592",
        ]);

    [Fact]
    public void Of_SameDataAsADvcLockWrites_TheSameAddressAndKindEitherWay()
    {
        // data/features added by hand (features.dvc), or written by the prepare stage (plain.lock), before and after a
        // push to a version-aware remote; the imported repository and the S3 object version as mixed.lock reads them.
        var fromLocks = Read("plain.lock").Concat(Read("cloud-versioned.lock")).Concat(Read("mixed.lock")).Select(d => (d.Digest, d.Kind)).ToHashSet();

        foreach (var fixture in new[] { "features.dvc", "features-pushed.dvc" })
        {
            fromLocks.ShouldContain(Read(fixture).Select(d => (d.Digest, d.Kind)).First());
        }

        fromLocks.ShouldContain(Read("reference.dvc").Select(d => (d.Digest, d.Kind)).First());
        fromLocks.ShouldContain(Read("transactions.parquet.dvc").Select(d => (d.Digest, d.Kind)).First());
    }

    [Theory]
    [InlineData("train.csv.dvc")]
    [InlineData("features-pushed.dvc")]
    [InlineData("chargebacks.csv.dvc")]
    [InlineData("reference.dvc")]
    [InlineData("transactions.parquet.dvc")]
    [InlineData("chargebacks-query.dvc")]
    public void Of_EveryShape_DigestsAreRecordableAndTheFileIsNeverTakenForALock(string fixture)
    {
        DvcLock.Looks(DvcLocks.Path(fixture)).ShouldBeFalse();
        Read(fixture).ShouldAllBe(d => DatasetDigest.IsRecordable(d.Digest));
    }

    [Fact]
    public void Of_ImportUrlOverHttp_TheChecksumWithItsUrl()
    {
        var path = Write("eur-rates.csv.dvc", """
            md5: 3c9a7e1f0b2d4c6e8a0b1c2d3e4f5a6b
            frozen: true
            deps:
            - checksum: '"65f1c2a0-1b2e"'
              size: 7311
              hash: md5
              path: https://data.example.org/fx/eur-rates.csv
            outs:
            - md5: 0cc175b9c0f1b6a831c399e269772661
              size: 7311
              hash: md5
              path: eur-rates.csv
            """);

        DatasetDigest.Of(path, "eur-rates.csv.dvc").Select(d => $"{d.Digest}  {d.Kind}").ShouldBe(
        [
            "checksum:\"65f1c2a0-1b2e\"@https://data.example.org/fx/eur-rates.csv  dvc-checksum",
            "md5:0cc175b9c0f1b6a831c399e269772661  dvc",
        ]);
    }

    [Fact]
    public void Of_ImportUrlOfALocalFileInTheRepository_OnlyTheCopyAsALockReadsSuchADependency()
    {
        // dvc import-url foo bar: the dependency is the repository's own file, which --dataset addresses by content.
        var path = Write("bar.dvc", """
            deps:
            - path: foo
              md5: acbd18db4cc2f85cedef654fccc4a4d8
              size: 3
              hash: md5
            outs:
            - path: bar
              md5: acbd18db4cc2f85cedef654fccc4a4d8
              size: 3
              hash: md5
            md5: 8fc199641730e3f512deac0bd9a0e0b6
            frozen: true
            """);

        DatasetDigest.Of(path, "bar.dvc").Select(Row).ShouldBe(["md5:acbd18db4cc2f85cedef654fccc4a4d8  bar  dvc 1 3"]);
    }

    [Fact]
    public void Of_SeveralOutputsOneDvcFile_EachOnceInOrder()
    {
        // Several outputs combined by hand into one file, as DVC's documentation allows; the same one twice is one dataset.
        var path = Write("data.dvc", """
            wdir: ..
            outs:
            - md5: 3863d0e317dee0a55c4e59d2ec0eef33
              path: data/train.csv
            - md5: a304afb96060aad90176268345e10355
              path: data/labels.csv
              isexec: false
            - md5: 3863d0e317dee0a55c4e59d2ec0eef33
              path: data/train.csv
            """);

        DatasetDigest.Of(path, "data.dvc").Select(d => $"{d.Digest}  {d.Path}").ShouldBe(
        [
            "md5:3863d0e317dee0a55c4e59d2ec0eef33  data/train.csv",
            "md5:a304afb96060aad90176268345e10355  data/labels.csv",
        ]);
    }

    [Fact]
    public void Of_RenamedDvcFileWithDatasetKindDvcFile_ReadAsOne()
    {
        var path = Write("train.csv.tracked", DvcLocks.Text("train.csv.dvc"));

        var auto = DatasetDigest.Of(path, "train.csv.tracked");
        var forced = DatasetDigest.Of(path, "train.csv.tracked", DatasetKind.DvcFile);

        auto.ShouldHaveSingleItem().Digest.ShouldStartWith("sha256:");
        forced.ShouldHaveSingleItem().Digest.ShouldBe("md5:3863d0e317dee0a55c4e59d2ec0eef33");
    }

    [Fact]
    public void Of_DvcFileWithDatasetKindFile_HashedAsData()
    {
        var path = Write("train.csv.dvc", DvcLocks.Text("train.csv.dvc"));

        DatasetDigest.Of(path, "train.csv.dvc", DatasetKind.File).ShouldHaveSingleItem().Digest
            .ShouldBe("sha256:" + ContentHash.HexOfFile(path));
    }

    [Fact]
    public void Of_DirectoryNamedLikeADvcFile_HashedAsADirectory()
    {
        // .dvc/ is DVC's own directory, and data/x.dvc/ a directory like any other: only a file is DVC's record.
        Directory.CreateDirectory(_dir.File("x.dvc"));
        File.WriteAllText(Path.Combine(_dir.File("x.dvc"), "config"), "[core]\n");

        DatasetDigest.Of(_dir.File("x.dvc"), "x.dvc").ShouldHaveSingleItem().Kind.ShouldBe("directory");
    }

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
