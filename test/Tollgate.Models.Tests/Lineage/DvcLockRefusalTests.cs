using Tollgate.Domain;
using Tollgate.Models.Lineage;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// What a dvc.lock does not pin, or pins in a shape DVC does not write, is bad input: one line naming the entry and its
/// line, nothing hashed or skipped instead.
/// </summary>
public sealed class DvcLockRefusalTests : IDisposable
{
    private const string NamedLock = " (a file named dvc.lock is read as a DVC lock; --dataset-kind file hashes it as data instead)";

    private readonly TempDirectory _dir = new();

    [Fact]
    public void Of_OutputWithAPathOnly_RefusedNamingItAndItsLine()
    {
        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(DvcLocks.Path("unpinned.lock"), "unpinned.lock"));

        error.Message.ShouldBe("unpinned.lock: output raw2.cln of stage cleanups@raw2 pins no version of its data: no md5 and no files with md5 (dvc commit writes them) (line 15)"
            + " (it was read as a DVC lock for its schema and stages; --dataset-kind file hashes it as data instead)");
    }

    [Fact]
    public void Of_OutputWithAKeyDvcDoesNotWrite_RefusedNamingTheKeysLine()
    {
        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(DvcLocks.Path("unknown-shape.lock"), "unknown-shape.lock"));

        error.Message.ShouldStartWith("unknown-shape.lock: output embeddings.npy of stage train has key 'sha256', which DVC's dvc.lock schema does not have here (line 12)");
    }

    public static TheoryData<string, string> Refused => new()
    {
        {
            "deps:\n    - path: s3://lake/raw.csv\n      hash: md5\n      size: 3\n",
            "dependency s3://lake/raw.csv of stage train pins no version of its data: no md5, files, version_id, etag or checksum (line 5)"
        },
        {
            "outs:\n    - path: model.pkl\n      cloud:\n        lake:\n          etag: 5d41402abc4b2a76b9719d911017c592\n          version_id: Ke3vQ8s1oJ0b\n",
            "output model.pkl of stage train pins no version of its data: no md5 and no files with md5 (dvc commit writes them) (line 5)"
        },
        {
            "outs:\n    - path: model.pkl\n      md5: 6d2f1e0c9b8a7f6e\n",
            "output model.pkl of stage train has md5 '6d2f1e0c9b8a7f6e', not 32 hex digits (line 6)"
        },
        {
            "outs:\n    - path: model.pkl\n      hash: sha256\n      md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726\n",
            "output model.pkl of stage train is hashed with sha256; DVC writes hash: md5 only (line 6)"
        },
        {
            "outs:\n    - path: data/x\n      files:\n      - relpath: a.csv\n        md5: a304afb96060aad90176268345e10355\n      - relpath: b.csv\n        cloud:\n          lake:\n            version_id: Ke3vQ8s1oJ0b\n",
            "file b.csv of output data/x of stage train has no md5, and a directory is addressed by one pin all its files have (line 9)"
        },
        {
            "outs:\n    - path: data/x\n      files:\n      - relpath: a.csv\n        md5: a304afb96060aad90176268345e10355\n      - relpath: a.csv\n        md5: 3863d0e317dee0a55c4e59d2ec0eef33\n",
            "file a.csv of output data/x of stage train is listed twice (line 9)"
        },
        {
            "outs:\n    - path: data/x\n      files:\n      - md5: a304afb96060aad90176268345e10355\n",
            "file 1 of output data/x of stage train has no relpath (line 7)"
        },
        {
            "outs:\n    - path: data/x\n      files: a.csv\n",
            "output data/x of stage train has files that is not a list (line 6)"
        },
        {
            "outs:\n    - path: model.pkl\n      md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726\n      cloud:\n        lake:\n          etag: a\n        backup:\n          etag: b\n",
            "output model.pkl of stage train has a cloud map of more than one remote (DVC writes the one remote it pushed to) (line 8)"
        },
        {
            "outs:\n    - path: model.pkl\n      md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726\n      cloud:\n        lake:\n          sha256: abc\n",
            "the cloud pins of output model.pkl of stage train for remote lake has key 'sha256', which DVC's dvc.lock schema does not have here (line 9)"
        },
        {
            "outs:\n    - path: model.pkl\n      md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726\n      size: big\n",
            "output model.pkl of stage train has size 'big', not a whole number (line 7)"
        },
        {
            "deps:\n    - path: ds://reference\n",
            "dependency ds://reference of stage train pins no version of its dataset: no dataset lock (dvc ds update writes it) (line 5)"
        },
        {
            "deps:\n    - path: ds://reference\n      dataset:\n        name: reference\n        url: https://github.com/example-org/r.git\n        type: git\n        rev_lock: 3f786850e387550fdab836ed7e6dc881de23001b\n",
            "the dataset lock of dependency ds://reference of stage train has type 'git'; DVC's dataset types are dvc, dc and url (line 9)"
        },
        {
            "deps:\n    - path: ds://reference\n      dataset:\n        name: reference\n        url: https://github.com/example-org/r.git\n        type: dvc\n        rev: main\n",
            "the dataset lock of dependency ds://reference of stage train has no rev_lock, the commit it was read at (line 7)"
        },
        {
            "deps: data/raw.csv\n",
            "deps of stage train is not a list of dependencies (line 4)"
        },
        {
            "deps:\n    - data/raw.csv\n",
            "a dependency of stage train is not a mapping with a path (line 5)"
        },
        {
            "deps:\n    - md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726\n",
            "a dependency of stage train has no path (line 5)"
        },
        {
            "cmd: python train.py\n",
            "the dvc.lock pins no outputs and no dependencies"
        },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Of_EntryThatPinsNothingOrIsOfAnotherShape_OneLineNamingItsLine(string stage, string message)
    {
        var path = _dir.File("dvc.lock");
        File.WriteAllText(path, "schema: '2.0'\nstages:\n  train:\n    " + stage);

        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(path, "dvc.lock"));

        error.Message.ShouldBe("dvc.lock: " + message + NamedLock);
    }

    [Fact]
    public void Of_DependencyInsideTheRepositoryWithoutHash_RefusedAsAnOutputWithoutHashIs()
    {
        // data/raw.csv is training data the stage read: without its md5 the lineage would name it without saying which
        // version, so the lock is refused as one with an unhashed output is (before, such a dependency was skipped).
        var path = _dir.File("dvc.lock");
        File.WriteAllText(path, "schema: '2.0'\nstages:\n  train:\n    deps:\n    - path: data/raw.csv\n    outs:\n    - path: model.pkl\n      md5: 6d2f1e0c9b8a7f6e5d4c3b2a19081726\n");

        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(path, "dvc.lock"));

        error.Message.ShouldBe("dvc.lock: dependency data/raw.csv of stage train pins no version of its data: no md5 and no files with md5 (dvc commit writes them) (line 5)" + NamedLock);
    }

    public void Dispose() => _dir.Dispose();
}
