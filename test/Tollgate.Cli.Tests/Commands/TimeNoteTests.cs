using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// Every option that takes a time (<c>--at</c>, <c>--from</c>, <c>--to</c>, a <c>--changes</c> commit time) reads one
/// without an offset as UTC and says so once on standard error, as <c>model live --at</c> does: the same answer on
/// standard output (JSON included) and the same exit code as the time written with <c>Z</c>, and a refusal stays one line.
/// </summary>
public sealed class TimeNoteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-time-note-").FullName;

    private static string Note(string option, string given, string read, string besides = "") =>
        $"tollgate: note: {option} {given} names no offset, so it is read as UTC ({read}){besides}; add Z or an offset such as +01:00 to say which\n";

    /// <summary>Runs <paramref name="args"/> in a directory of its own, after <paramref name="setup"/> there.</summary>
    private async Task<CliRun> InFreshDirectoryAsync(string name, string[][] setup, params string[] args)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "slo.yaml"), DeliveryRefusalTests.Spec);
        foreach (var step in setup)
        {
            (await CliRun.RunAsync(directory, step)).ExitCode.ShouldBe(0, string.Join(' ', step));
        }

        return await CliRun.RunAsync(directory, args);
    }

    /// <summary>The benchmark's recorded canary (evaluated at 2026-11-01T10:30:00Z), judged offline with the hashes it was recorded with.</summary>
    private static readonly string[] Canary =
    [
        "canary", "--spec", Repository.File("bench", "serve", "specs", "checkout.yaml"), "--replay", Repository.File("bench", "serve", "specs", "checkout.replay"),
        "--stable-hash", "6b8f4d7c1", "--latest-hash", "7c9d5f8b6",
    ];

    private static readonly string[][] OneDeploy =
    [
        ["deploy", "start", "web", "--version", "v1", "--env", "production", "--at", "2026-11-01T10:00:00Z"],
        ["deploy", "finish", "web", "--env", "production", "--result", "success", "--at", "2026-11-01T10:05:00Z"],
    ];

    public static TheoryData<string[][], string[], string[], string> SameAnswerWithANote => new()
    {
        {
            OneDeploy,
            ["dora", "--from", "2026-10-01", "--to", "2026-11-02T10:00", "--format", "json"],
            ["dora", "--from", "2026-10-01T00:00:00Z", "--to", "2026-11-02T10:00:00Z", "--format", "json"],
            Note("--from", "2026-10-01", "2026-10-01T00:00:00Z") + Note("--to", "2026-11-02T10:00", "2026-11-02T10:00:00Z")
        },
        {
            OneDeploy,
            ["dora", "--to", "2026-11-02 10:00:00.5"],
            ["dora", "--to", "2026-11-02T10:00:00.5Z"],
            Note("--to", "2026-11-02 10:00:00.5", "2026-11-02T10:00:00.500Z")
        },
        {
            [],
            ["deploy", "start", "web", "--version", "v1", "--env", "production", "--at", "2026-11-01T10:00"],
            ["deploy", "start", "web", "--version", "v1", "--env", "production", "--at", "2026-11-01T10:00:00Z"],
            Note("--at", "2026-11-01T10:00", "2026-11-01T10:00:00Z")
        },
        {
            [OneDeploy[0]],
            ["deploy", "finish", "web", "--env", "production", "--result", "failed", "--at", "2026-11-01 10:30"],
            ["deploy", "finish", "web", "--env", "production", "--result", "failed", "--at", "2026-11-01T11:30:00+01:00"],
            Note("--at", "2026-11-01 10:30", "2026-11-01T10:30:00Z")
        },
        {
            [],
            ["drill", "record", "web", "--result", "ok", "--at", "2026-11-20"],
            ["drill", "record", "web", "--result", "ok", "--at", "1795132800"],
            Note("--at", "2026-11-20", "2026-11-20T00:00:00Z")
        },
        {
            [],
            ["deploy", "start", "web", "--version", "v1", "--env", "production", "--at", "2026-11-01T10:00:00Z", "--changes", "aaa@2026-10-30T09:00:00Z,bbb@2026-10-31T08:00", "ccc@2026-10-31", "ddd"],
            ["deploy", "start", "web", "--version", "v1", "--env", "production", "--at", "2026-11-01T10:00:00Z", "--changes", "aaa@2026-10-30T09:00:00Z,bbb@2026-10-31T08:00:00Z", "ccc@2026-10-31T00:00:00-00:00", "ddd"],
            Note("--changes", "bbb@2026-10-31T08:00", "2026-10-31T08:00:00Z", ", as are the commit times of 1 more change")
        },
        {
            [],
            [.. Canary, "--at", "2026-11-01T10:30", "--format", "json"],
            [.. Canary, "--at", "2026-11-01T10:30:00Z", "--format", "json"],
            Note("--at", "2026-11-01T10:30", "2026-11-01T10:30:00Z")
        },
    };

    [Theory]
    [MemberData(nameof(SameAnswerWithANote))]
    public async Task TimeOption_NamesNoOffset_SameAnswerAndExitCodeWithOneNoteOnStandardError(string[][] setup, string[] zoneless, string[] named, string notes)
    {
        var noted = await InFreshDirectoryAsync("zoneless", setup, zoneless);
        var plain = await InFreshDirectoryAsync("named", setup, named);

        noted.ExitCode.ShouldBe(plain.ExitCode, noted.Error);
        noted.Out.ShouldBe(plain.Out);
        noted.Error.ShouldBe(notes + plain.Error);
        if (zoneless.Contains("json"))
        {
            Should.NotThrow(() => JsonDocument.Parse(noted.Out).Dispose(), "standard output stays one JSON document");
        }
    }

    [Theory]
    [InlineData("deploy", "start", "web", "--version", "v1", "--env", "production", "--at", "2099-01-01")]
    [InlineData("drill", "record", "web", "--result", "ok", "--at", "2099-01-01T10:00")]
    [InlineData("canary", "--spec", "slo.yaml", "--at", "2099-01-01T10:00")]
    [InlineData("dora", "--from", "2026-11-02", "--to", "2026-11-01")]
    [InlineData("model", "live", "fraud", "--at", "2026-11-02T10:00")]
    public async Task TimeOption_NamesNoOffsetButTheCommandRefuses_TheErrorStaysOneLine(params string[] args)
    {
        var run = await InFreshDirectoryAsync("refused", [OneDeploy[0]], args);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem().ShouldStartWith("tollgate: error: ");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
