using Tollgate.Models.Lineage;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// Where an object version a cloud-versioned remote gave is (<c>version_id:ID@remote://REMOTE/KEY</c>): such a remote
/// keeps the workspace's layout from the DVC repository's root, so KEY is the output's path from the root (the nearest
/// directory above the lock or the <c>.dvc</c> file holding <c>.dvc/</c>), not the path the file records. Before, KEY
/// was the recorded path, exact only for a file at the root. Outside a repository KEY stays the recorded path
/// (<see cref="DvcLockShapesTests"/>).
/// </summary>
public sealed class DvcObjectKeyTests : IDisposable
{
    private const string Part0 = "version_id:Ke3vQ8s1oJ0b.Tz7PyUa4nLmW2xR5dHg@remote://lake/";
    private const string Train = "version_id:0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV@remote://lake/";
    private const string Model = "version_id:vH3nJ.8kLq2wEr5tYu7iOp9aSd1fGh4Z@remote://lake/";

    private readonly TempDirectory _dir = new();

    public DvcObjectKeyTests() => Directory.CreateDirectory(_dir.File(".dvc"));

    private List<string> Versions(string file, string shown) =>
        DatasetDigest.Of(file, shown).Where(d => d.Kind == "dvc-version").Select(d => $"{d.Digest}  {d.Path}").ToList();

    [Fact]
    public void Of_LockInASubdirectory_KeysFromTheRepositorysRoot()
    {
        var dvcLock = DvcLocks.CopyTo(_dir.File("pipelines"), "cloud-versioned.lock");

        Versions(dvcLock, "pipelines/dvc.lock").ShouldBe(
        [
            $"{Part0}pipelines/data/features/labels/part-0.csv  data/features/labels/part-0.csv",
            $"{Train}pipelines/data/features/train.csv  data/features/train.csv",
            $"{Model}pipelines/model.pkl  model.pkl",
        ]);
    }

    [Fact]
    public void Of_LockInASubdirectoryWithStageWdirs_KeysThroughEachStagesWdir()
    {
        // prepare runs from the root (wdir: ..), train from pipelines/work; the lock writes each path from its wdir.
        var dvcLock = DvcLocks.CopyTo(_dir.File("pipelines"), "cloud-versioned.lock");
        File.WriteAllText(_dir.File("pipelines/dvc.yaml"), "stages:\n  prepare:\n    wdir: ..\n    cmd: python src/prepare.py data/raw\n  train:\n    wdir: work\n    cmd: python src/train.py\n");

        Versions(dvcLock, "pipelines/dvc.lock").ShouldBe(
        [
            $"{Part0}data/features/labels/part-0.csv  data/features/labels/part-0.csv",
            $"{Train}data/features/train.csv  data/features/train.csv",
            $"{Model}pipelines/work/model.pkl  model.pkl",
        ]);
    }

    [Fact]
    public void Of_LockAtTheRoot_KeysAsRecorded()
    {
        var dvcLock = DvcLocks.CopyTo(_dir.Path, "cloud-versioned.lock");

        Versions(dvcLock, "dvc.lock").ShouldContain($"{Model}model.pkl  model.pkl");
    }

    [Fact]
    public void Of_DvcFileInASubdirectory_KeysFromTheRepositorysRoot()
    {
        var dvcFile = DvcLocks.CopyTo(_dir.File("data"), "features-pushed.dvc", "features.dvc");

        Versions(dvcFile, "data/features.dvc").ShouldBe(
        [
            $"{Part0}data/features/labels/part-0.csv  features/labels/part-0.csv",
            $"{Train}data/features/train.csv  features/train.csv",
        ]);
    }

    [Fact]
    public void ToLookUp_LockInASubdirectory_TheKeyFromTheRootBesideTheMd5()
    {
        // A version registered before keys were taken from the root recorded remote://lake/model.pkl for this lock;
        // it also recorded the output's md5, which which --dataset finds it by (the CLI test registers one).
        var dvcLock = DvcLocks.CopyTo(_dir.File("pipelines"), "cloud-versioned.lock");

        var digests = DatasetDigest.ToLookUp(dvcLock, "pipelines/dvc.lock").Digests;

        digests.ShouldContain($"{Model}pipelines/model.pkl");
        digests.ShouldContain("md5:6d2f1e0c9b8a7f6e5d4c3b2a19081726");
    }

    public void Dispose() => _dir.Dispose();
}
