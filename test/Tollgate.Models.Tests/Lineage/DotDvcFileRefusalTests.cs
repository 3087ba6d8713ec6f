using Tollgate.Domain;
using Tollgate.Models.Lineage;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// A <c>.dvc</c> file that tracks nothing, pins no version of its data, or has a shape DVC does not write is bad input:
/// one line naming the file, the entry and its line, nothing hashed or skipped instead.
/// </summary>
public sealed class DotDvcFileRefusalTests : IDisposable
{
    private const string Named = " (a file named *.dvc is read as a .dvc file; --dataset-kind file hashes it as data instead)";

    private readonly TempDirectory _dir = new();

    [Fact]
    public void Of_ImportWrittenWithNoExec_RefusedNamingTheUnpinnedCommit()
    {
        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(DvcLocks.Path("import-no-exec.dvc"), "import-no-exec.dvc"));

        error.Message.ShouldBe("import-no-exec.dvc: the repo of dependency data/reference has no rev_lock, the commit the data was imported at (dvc import and dvc update write it) (line 6)" + Named);
    }

    [Fact]
    public void Of_OutputWithAKeyDvcDoesNotWrite_RefusedNamingTheKeysLine()
    {
        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(DvcLocks.Path("unknown-shape.dvc"), "unknown-shape.dvc"));

        error.Message.ShouldBe("unknown-shape.dvc: output train.csv has key 'sha256', which DVC's .dvc file schema does not have here (line 6)" + Named);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "outs:\n- hash: md5\n  path: train.csv\n", "output train.csv pins no version of its data: no md5 and no files with md5 (dvc commit writes them) (line 2)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e\n  path: train.csv\n", "output train.csv has md5 '3863d0e317dee0a55c4e', not 32 hex digits (line 2)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33.tar\n  path: train.csv\n", "output train.csv has md5 '3863d0e317dee0a55c4e59d2ec0eef33.tar', not 32 hex digits (line 2)" },
        { "outs:\n- md5: zz63d0e317dee0a55c4e59d2ec0eef33\n  path: train.csv\n", "output train.csv has md5 'zz63d0e317dee0a55c4e59d2ec0eef33', not 32 hex digits (line 2)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  hash: sha256\n  path: train.csv\n", "output train.csv is hashed with sha256; DVC writes hash: md5 only (line 3)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n", "output 1 has no path (line 2)" },
        { "outs:\n- train.csv\n", "the file has an item of outs that is not a mapping (line 2)" },
        { "outs: train.csv\n", "the file has outs that is not a list (line 1)" },
        { "outs: []\n", "the file has no outs: a .dvc file that tracks no data pins nothing (line 1)" },
        { "meta:\n  owner: risk\n", "the file has no outs: a .dvc file that tracks no data pins nothing (line 1)" },
        { "cmd: python prepare.py\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: train.csv\n", "the file has key 'cmd', which DVC's .dvc file schema does not have here (line 1)" },
        { "frozen: yes please\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: train.csv\n", "the file has frozen 'yes please', not true or false (line 1)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: train.csv\n  push: sometimes\n", "output train.csv has push 'sometimes', not true or false (line 4)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: train.csv\n  labels:\n  - {a: b}\n", "output train.csv has a label that is not a single value (line 5)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: train.csv\n  metric: true\n", "output train.csv has key 'metric', which DVC's .dvc file schema does not have here (line 4)" },
        { "outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: train.csv\n  size: big\n", "output train.csv has size 'big', not a whole number (line 4)" },
        {
            "deps:\n- path: s3://lake/raw.csv\n  size: 3\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: raw.csv\n",
            "dependency s3://lake/raw.csv pins no version of its data: no md5, files, version_id, etag or checksum (line 2)"
        },
        {
            "deps:\n- path: s3://lake/raw.csv\n  etag: 5d41402abc4b2a76b9719d911017c592\n  desc: raw\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: raw.csv\n",
            "dependency s3://lake/raw.csv has key 'desc', which DVC's .dvc file schema does not have here (line 4)"
        },
        {
            "deps:\n- path: data/reference\n  repo:\n    rev_lock: 3f786850e387550fdab836ed7e6dc881de23001b\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: reference\n",
            "the repo of dependency data/reference has no url (line 4)"
        },
        {
            "deps:\n- path: data/reference\n  md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  repo:\n    url: https://github.com/example-org/r.git\n    rev_lock: 3f786850e387550fdab836ed7e6dc881de23001b\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: reference\n",
            "dependency data/reference has key 'md5', which DVC's .dvc file schema does not have here (line 3)"
        },
        {
            "deps:\n- path: data/reference\n  repo:\n    url: https://github.com/example-org/r.git\n    rev_lock: 3f786850e387550fdab836ed7e6dc881de23001b\n    branch: main\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: reference\n",
            "the repo of dependency data/reference has key 'branch', which DVC's .dvc file schema does not have here (line 6)"
        },
        {
            "deps:\n- db:\n    query: SELECT 1\n    password: hunter2\nouts:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  path: one.csv\n",
            "the db of dependency 1 has key 'password', which DVC's .dvc file schema does not have here (line 4)"
        },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Of_EntryThatPinsNothingOrIsOfAnotherShape_OneLineNamingItsLine(string text, string message)
    {
        var path = _dir.File("train.csv.dvc");
        File.WriteAllText(path, text);

        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(path, "train.csv.dvc"));

        error.Message.ShouldBe("train.csv.dvc: " + message + Named);
    }

    [Theory]
    [InlineData("outs:\n- md5: [\n", "train.csv.dvc:3:1: not valid YAML")]
    [InlineData("- outs\n", "train.csv.dvc: not a .dvc file (not a mapping with outs) (line 1)")]
    [InlineData("", "train.csv.dvc: not a .dvc file (not a mapping with outs)")]
    public void Of_NotYamlOrNotAMapping_OneLineNamingTheFile(string text, string start)
    {
        var path = _dir.File("train.csv.dvc");
        File.WriteAllText(path, text);

        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(path, "train.csv.dvc"));

        error.Message.ShouldStartWith(start);
        error.Message.ShouldEndWith(Named);
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Of_RenamedBrokenDvcFileReadAsOne_SaysSoWithoutTheHintOfAName()
    {
        var path = _dir.File("train.tracked");
        File.WriteAllText(path, "outs:\n- path: train.csv\n");

        var error = Should.Throw<InvalidInputException>(() => DatasetDigest.Of(path, "train.tracked", DatasetKind.DvcFile));

        error.Message.ShouldBe("train.tracked: output train.csv pins no version of its data: no md5 and no files with md5 (dvc commit writes them) (line 2)");
    }

    [Fact]
    public void Of_DirectoryWithDatasetKindDvcFile_OneLine()
    {
        Should.Throw<InvalidInputException>(() => DatasetDigest.Of(_dir.Path, "data", DatasetKind.DvcFile)).Message
            .ShouldBe("--dataset data: --dataset-kind dvc-file reads a .dvc file, and this is a directory");
    }

    public void Dispose() => _dir.Dispose();
}
