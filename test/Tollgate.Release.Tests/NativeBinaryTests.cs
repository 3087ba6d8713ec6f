using System.Diagnostics;
using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Release.Tests;

/// <summary>
/// The published Native AOT binary, as users run it: every command's help, real verdicts (terraform run through the
/// process runner, the ledger, JSON), and the process-level behaviour AOT could break (signals, a closed stdout).
/// </summary>
public sealed class NativeBinaryTests
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    public static TheoryData<string[]> Commands() => new()
    {
        { Array.Empty<string>() },
        { new[] { "plan" } },
        { new[] { "approve" } },
        { new[] { "policy" } },
        { new[] { "policy", "init" } },
        { new[] { "policy", "check" } },
        { new[] { "canary" } },
        { new[] { "graph" } },
        { new[] { "state-split" } },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EveryCommand_PrintsUsage(string[] command)
    {
        var run = await Run.StartAsync(ReleaseBuild.Shared.Binary, [.. command, "--help"]);

        run.Code.ShouldBe(0, run.Error);
        run.Out.ShouldContain("Usage:");
        run.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_CustomCelRuleMatchesADelete_FailsWithTheRuleRecordedInTheLedger()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-").FullName;
        File.WriteAllText(Path.Combine(dir, "tollgate.yaml"), """
            custom:
              - name: no-deletes
                severity: high
                message: nothing may be deleted
                when: '"delete" in change.actions'
            """);

        var run = await Run.StartAsync(ReleaseBuild.Shared.Binary, ["plan", Plan, "--format", "json"], dir);

        run.Code.ShouldBe(1, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("verdict").GetString().ShouldBe("fail");
        report.RootElement.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("rule").GetString() == "policy/no-deletes");
        File.Exists(Path.Combine(dir, ".tollgate", "ledger.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Plan_TerraformDirectory_RunsTerraformAndPasses()
    {
        using var ws = new TerraformWorkspace("aot-plan");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"x\"\n}\n");

        var run = await Run.StartAsync(ReleaseBuild.Shared.Binary, ["plan", ws.Directory, "--terraform-timeout", "5m"], ws.Directory);

        run.Code.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("PASS");
    }

    [Fact]
    public async Task Graph_Directory_ReadsTheConfiguration()
    {
        using var ws = new TerraformWorkspace("aot-graph");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {}\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.id\n}\n");

        var run = await Run.StartAsync(ReleaseBuild.Shared.Binary, ["graph", ws.Directory, "--format", "json"], ws.Directory);

        run.Code.ShouldBe(0, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("kind").GetString().ShouldBe("terraform-graph");
    }

    [Fact]
    public async Task Canary_SigtermWhilePrometheusNeverAnswers_Exits143WithinASecond()
    {
        using var prometheus = new SilentServer();
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-").FullName;
        using var tollgate = Process.Start(new ProcessStartInfo(ReleaseBuild.Shared.Binary, ["canary", "--spec", Path.Combine(AppContext.BaseDirectory, "Fixtures", "canary.yaml"), "--prometheus", prometheus.Url.ToString(), "--at", "2026-11-26T12:00:00Z"])
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = tollgate.StandardError.ReadToEndAsync();
        await prometheus.Connected.WaitAsync(TimeSpan.FromSeconds(20)); // its signal handlers are installed before it asks
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", tollgate.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var exited = tollgate.WaitForExit(TimeSpan.FromSeconds(10));

        exited.ShouldBeTrue();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.5));
        tollgate.ExitCode.ShouldBe(143);
        (await error).ShouldStartWith("tollgate: stopped by SIGTERM");
    }

    [Fact]
    public async Task Plan_StandardOutputClosed_ExitsThreeWithOneLine()
    {
        var run = await Run.StartAsync("/bin/sh", ["-c", $"'{ReleaseBuild.Shared.Binary}' plan '{Plan}' >&-"], Directory.CreateTempSubdirectory("tollgate-aot-").FullName);

        run.Code.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: standard output is closed: redirect it to a file or /dev/null, or use --output FILE\n");
    }
}
