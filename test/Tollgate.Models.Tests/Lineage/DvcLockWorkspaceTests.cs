using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// A <c>dvc.lock</c>'s data compared with the workspace (<see cref="DvcWorkspace.Check"/>, what <c>which --dataset
/// dvc.lock</c> adds to its look-up), in a DVC repository (a directory with <c>.dvc/</c>), each stage's paths relative
/// to its <c>wdir</c> in the <c>dvc.yaml</c> beside the lock. Digests from coreutils: <c>printf 'a,b\n1,2\n'</c> is md5
/// e5ebd4c0…, sha256 492d5ea4…; <c>printf 'raw\n'</c> md5 2306b437…, sha256 8e5ceeca…;
/// <c>printf 'raw, edited\n'</c> md5 efa41a43….
/// </summary>
public sealed class DvcLockWorkspaceTests : IDisposable
{
    private const string Train = "sha256:492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470";
    private const string Raw = "sha256:8e5ceeca3a438135cfd1372eafe969ccc4440798e378d8b8ed24242f026a704f";

    private readonly TempDirectory _dir = new();

    public DvcLockWorkspaceTests() => Directory.CreateDirectory(_dir.File(".dvc"));

    private string Write(string path, string text)
    {
        var full = _dir.File(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    private static string Stage(string name, string depPath, string outPath) =>
        $"  {name}:\n    cmd: python prepare.py\n    deps:\n    - path: {depPath}\n      hash: md5\n      md5: 2306b4377429730ee03a806cff76e92b\n      size: 4\n" +
        $"    outs:\n    - path: {outPath}\n      hash: md5\n      md5: e5ebd4c02cefbe7955977c67ada242b7\n      size: 8\n";

    [Fact]
    public void CheckLock_AtTheRoot_OutputsAndDependenciesThatMatchByTheirSha256()
    {
        Write("data/raw.csv", "raw\n");
        Write("data/train.csv", "a,b\n1,2\n");
        var dvcLock = Write("dvc.lock", "schema: '2.0'\nstages:\n" + Stage("prepare", "data/raw.csv", "data/train.csv"));

        CompareLock(dvcLock, "dvc.lock").ShouldBe([new("data/train.csv", Train, null), new("data/raw.csv", Raw, null)]);
    }

    [Fact]
    public void CheckLock_InASubdirectoryWithAStageWdir_PathsRelativeToTheWdir()
    {
        // pipelines/train/dvc.yaml runs the stage from the repository's root (wdir: ../..), so the lock's paths are
        // the root's; a lock read as if they were relative to its own directory would find nothing.
        Write("data/raw.csv", "raw\n");
        Write("data/train.csv", "a,b\n1,2\n");
        Write("pipelines/train/dvc.yaml", "stages:\n  prepare:\n    wdir: ../..\n    cmd: python prepare.py\n    deps: [data/raw.csv]\n    outs: [data/train.csv]\n");
        var dvcLock = Write("pipelines/train/dvc.lock", "schema: '2.0'\nstages:\n" + Stage("prepare", "data/raw.csv", "data/train.csv"));

        CompareLock(dvcLock, "pipelines/train/dvc.lock").ShouldBe([new("data/train.csv", Train, null), new("data/raw.csv", Raw, null)]);
    }

    [Fact]
    public void CheckLock_ForeachStageWithATemplatedWdir_NotComparedAndSaid()
    {
        Write("regions/us/raw.csv", "raw\n");
        Write("regions/us/train.csv", "a,b\n1,2\n");
        Write("dvc.yaml", "stages:\n  prepare:\n    foreach: [us]\n    do:\n      wdir: regions/${item}\n      cmd: python prepare.py\n");
        var dvcLock = Write("dvc.lock", "schema: '2.0'\nstages:\n" + Stage("prepare@us", "raw.csv", "train.csv"));

        // The foreach's wdir is a template: not resolved, so said, and nothing compared.
        var lookUp = DatasetDigest.ToLookUp(dvcLock, "dvc.lock");

        CompareLock(dvcLock, "dvc.lock").ShouldBeEmpty();
        lookUp.Notes.ShouldBe(["stage prepare@us of dvc.yaml has wdir regions/${item}, a template Tollgate does not resolve (line 5): its data is looked up by what dvc.lock records only"]);
        lookUp.Digests.ShouldBe(["md5:2306b4377429730ee03a806cff76e92b", "md5:e5ebd4c02cefbe7955977c67ada242b7"], ignoreOrder: true);
    }

    [Fact]
    public void CheckLock_ForeachStageWithAPlainWdir_ComparedThere()
    {
        Write("regions/us/raw.csv", "raw\n");
        Write("regions/us/train.csv", "a,b\n1,2\n");
        Write("dvc.yaml", "stages:\n  prepare:\n    foreach: [us]\n    do:\n      wdir: regions/us\n      cmd: python prepare.py\n");
        var dvcLock = Write("dvc.lock", "schema: '2.0'\nstages:\n" + Stage("prepare@us", "raw.csv", "train.csv"));

        CompareLock(dvcLock, "dvc.lock").Select(t => (t.Path, t.Content)).ShouldBe([("regions/us/train.csv", Train), ("regions/us/raw.csv", Raw)]);
    }

    [Fact]
    public void CheckLock_ChangedAndMissingData_SaidInNotes()
    {
        Write("data/raw.csv", "raw, edited\n");
        var dvcLock = Write("dvc.lock", "schema: '2.0'\nstages:\n" + Stage("prepare", "data/raw.csv", "data/train.csv"));

        CompareLock(dvcLock, "dvc.lock").ShouldBe(
        [
            new("data/train.csv", null, "data/train.csv is not in the workspace (dvc pull or dvc checkout puts it there): looked up by what dvc.lock records only"),
            new("data/raw.csv", null, "data/raw.csv has changed since dvc.lock recorded it (md5:efa41a43c585af1a285700d28e770a57 in the workspace, md5:2306b4377429730ee03a806cff76e92b recorded): looked up by the record only"),
        ]);
    }

    [Fact]
    public void CheckLock_ADependencyThatIsAnotherStagesOutput_ComparedOnceAsTheOutput()
    {
        Write("data/raw.csv", "raw\n");
        Write("data/train.csv", "a,b\n1,2\n");
        var train = "  train:\n    cmd: python train.py\n    deps:\n    - path: data/train.csv\n      hash: md5\n      md5: e5ebd4c02cefbe7955977c67ada242b7\n      size: 8\n";
        var dvcLock = Write("dvc.lock", "schema: '2.0'\nstages:\n" + Stage("prepare", "data/raw.csv", "data/train.csv") + train);

        CompareLock(dvcLock, "dvc.lock").Select(t => t.Path).ShouldBe(["data/train.csv", "data/raw.csv"]);
    }

    [Fact]
    public void CheckLock_DvcYamlThatIsNotYaml_SaidOnceAndNothingCompared()
    {
        Write("data/train.csv", "a,b\n1,2\n");
        Write("dvc.yaml", "stages: [\n");
        var dvcLock = Write("dvc.lock", "schema: '2.0'\nstages:\n" + Stage("prepare", "data/raw.csv", "data/train.csv"));

        var lookUp = DatasetDigest.ToLookUp(dvcLock, "dvc.lock");

        lookUp.Notes.ShouldHaveSingleItem().ShouldStartWith("dvc.yaml cannot be read (dvc.yaml");
        lookUp.Notes[0].ShouldEndWith("): the data of dvc.lock is looked up by what it records only");
        lookUp.Digests.ShouldNotContain(Train);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>What <c>which --dataset</c> finds of the lock at <paramref name="path"/> in the workspace.</summary>
    private static IReadOnlyList<TrackedData> CompareLock(string path, string shown) => DvcWorkspace.Check(DvcLock.ReadAll(path, shown), shown);
}
