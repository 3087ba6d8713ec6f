using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Terraform.Running;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// No pass on broken evidence: every plan whose structure is not what terraform writes is exit 3 with one line naming
/// the JSON path; pipes and standard input are read; the report names the version <c>--version</c> prints.
/// </summary>
public sealed class PlanEvidenceTests : IDisposable
{
    private const string Secret = "s3cret-9d41";
    private const string Delete = """{"address":"terraform_data.a","mode":"managed","type":"terraform_data","name":"a","change":{"actions":["delete"],"before":{"input":"s3cret-9d41"},"after":null}}""";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tollgate-evidence-");

    private static string Plan(string resourceChanges, string extra = "") =>
        $$"""{"format_version":"1.2","planned_values":{},{{extra}}"resource_changes":{{resourceChanges}}}""";

    private static string WithActions(string actions) =>
        Plan("[" + Delete.Replace("[\"delete\"]", actions, StringComparison.Ordinal) + "]");

    public static TheoryData<string, string, string> BrokenPlans => new()
    {
        { "actions a string", WithActions("\"delete\""), "resource_changes[0] change.actions is not an array" },
        { "actions null", WithActions("null"), "resource_changes[0] change.actions is not an array" },
        { "actions empty", WithActions("[]"), "resource_changes[0] change.actions is empty" },
        { "unknown action", WithActions("[\"explode\"]"), "resource_changes[0] change.actions is not an action list terraform writes" },
        { "action in capitals", WithActions("[\"DELETE\"]"), "resource_changes[0] change.actions is not an action list terraform writes" },
        { "duplicate actions", WithActions("[\"delete\"],\"actions\":[\"no-op\"]"), "resource_changes[0] has change.actions twice" },
        { "complete twice", Plan("[" + Delete + "]", "\"complete\":false,\"complete\":true,"), "the top level has complete twice" },
        { "resource_changes twice", Plan("[" + Delete + "]", "\"resource_changes\":[],"), "the top level has resource_changes twice" },
        { "change missing", Plan("[{\"address\":\"terraform_data.a\",\"type\":\"terraform_data\"}]"), "resource_changes[0] has no change" },
        { "resource_changes a string", Plan("\"nope\""), "resource_changes is not an array" },
        { "entry not an object", Plan("[" + Delete + ",42]"), "resource_changes[1] is not an object" },
        { "one byte flipped", Plan("[" + Delete.Replace("\"s3cret", "\"\u0002s3cret", StringComparison.Ordinal) + "]"), "is not valid JSON: line 1, column 197, in resource_changes[0]: a string holds a character JSON does not allow unescaped" },
        { "nested too deep", Plan("[" + Delete.Replace("\"s3cret-9d41\"", new string('[', 1200) + new string(']', 1200), StringComparison.Ordinal) + "]"), "nests deeper than 1000 levels" },
    };

    [Theory]
    [MemberData(nameof(BrokenPlans))]
    public async Task Plan_BrokenStructure_Exit3OneLineNamingThePath_NoVerdict(string name, string json, string expected)
    {
        var path = Path.Combine(_dir.FullName, name.Replace(' ', '-') + ".json");
        await File.WriteAllTextAsync(path, json);

        var run = await CliRun.RunAsync(_dir.FullName, "plan", path, "--format", "json");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldContain(expected);
        run.Error.TrimEnd().ShouldNotContain("\n");
        run.Error.ShouldNotContain(Secret);
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_IncompletePlanWithDeferredChanges_HoldsNeverPasses()
    {
        var path = Path.Combine(_dir.FullName, "deferred.json");
        await File.WriteAllTextAsync(path, Plan("[]", "\"complete\":false,\"applyable\":true,\"deferred_changes\":[{\"reason\":\"resource_config_unknown\",\"resource_change\":{}}],"));

        var run = await CliRun.RunAsync(_dir.FullName, "plan", path, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Error);
        var report = JsonDocument.Parse(run.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("hold");
        report.GetProperty("reason").GetString()!.ShouldContain("1 deferred change");
    }

    [Fact]
    public async Task Plan_IncompletePlanWithADestroy_HoldsSayingIncompleteBeforeAnyApproval()
    {
        var path = Path.Combine(_dir.FullName, "deferred-destroy.json");
        await File.WriteAllTextAsync(path, Plan("[" + Delete + "]", "\"complete\":false,\"applyable\":true,\"deferred_changes\":[{\"reason\":\"resource_config_unknown\",\"resource_change\":{}}],"));

        var run = await CliRun.RunAsync(_dir.FullName, "plan", path, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Error);
        var report = JsonDocument.Parse(run.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("hold");
        report.GetProperty("reason").GetString()!.ShouldStartWith("the plan is incomplete (complete: false, 1 deferred change)");
    }

    [Fact]
    public async Task Plan_StandardInputAndFifo_ReadLikeTheFile()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");
        var fifo = MakeFifo("plan.fifo");
        var writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(fixture)));

        var fromFile = await CliRun.RunAsync(_dir.FullName, "plan", fixture, "--format", "json");
        var fromStdin = await CliRun.RunAsync(_dir.FullName, new MemoryStream(File.ReadAllBytes(fixture)), "plan", "-", "--format", "json");
        var fromFifo = await CliRun.RunAsync(_dir.FullName, "plan", fifo, "--format", "json");
        await writer;

        fromFile.ExitCode.ShouldBe(2, fromFile.Error);
        fromStdin.ExitCode.ShouldBe(2, fromStdin.Error);
        fromFifo.ExitCode.ShouldBe(2, fromFifo.Error);
        Digest(fromStdin).ShouldBe(Digest(fromFile));
        Digest(fromFifo).ShouldBe(Digest(fromFile));
    }

    [Fact]
    public async Task Load_FifoWithoutWriter_ReturnsWhenCancelled()
    {
        var fifo = MakeFifo("stalled.fifo");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new PlanSource(new TerraformCli()).LoadAsync(fifo, PlanOptions.None, null, cancellationToken: cancel.Token));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        // Release the reader thread if it is still blocked in open(2). Opened for reading and writing, which never
        // blocks on a FIFO: under load the load may be cancelled before it opened the FIFO at all, and a write-only
        // open would then wait for a reader forever.
        await using (new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite))
        {
        }
    }

    [Fact]
    public async Task Plan_ReportVersion_IsTheInformationalVersionOfTheCommandLine()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");
        var expected = ToolInfo.InformationalVersion(typeof(TollgateCli).Assembly);

        var json = await CliRun.RunAsync(_dir.FullName, "plan", fixture, "--format", "json");
        var sarif = await CliRun.RunAsync(_dir.FullName, "plan", fixture, "--format", "sarif");
        var markdown = await CliRun.RunAsync(_dir.FullName, "plan", fixture, "--format", "markdown");

        expected.ShouldNotBe("0.1.0");
        JsonDocument.Parse(json.Out).RootElement.GetProperty("tool").GetProperty("version").GetString().ShouldBe(expected);
        JsonDocument.Parse(sarif.Out).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("version").GetString().ShouldBe(expected);
        markdown.Out.ShouldContain("tollgate " + expected + "</sub>");
    }

    private static string Digest(CliRun run) => JsonDocument.Parse(run.Out).RootElement.GetProperty("digest").GetString()!;

    private string MakeFifo(string name)
    {
        var path = Path.Combine(_dir.FullName, name);
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
        return path;
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
