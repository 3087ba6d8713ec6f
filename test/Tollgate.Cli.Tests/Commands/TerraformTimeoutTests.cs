using System.Text.Json;
using Tollgate.Processes;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

public sealed class TerraformTimeoutTests
{
    [Fact]
    public async Task Plan_TerraformWaitsPastTheTimeout_ExitsThreeSayingWhatItWasDoingAndLeavesNothing()
    {
        var marker = ProcessProbe.Marker();
        using var ws = TerraformWorkspace.SlowApply("cli-timeout", marker);
        using var holdLock = new CancellationTokenSource();
        var apply = ChildProcess.RunAsync(new ChildCommand("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"]) { WorkingDirectory = ws.Directory }, holdLock.Token);
        (await ProcessProbe.AppearsAsync(marker, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var holders = ProcessProbe.WorkingIn(ws.Directory);

        var run = await CliRun.RunAsync(ws.Directory, "plan", ws.Directory, "--terraform-timeout", "2s");

        await holdLock.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(apply);
        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: terraform plan in {ws.Directory} did not finish within 2s; it was stopped (with every process it started); raise --terraform-timeout if it needs longer{Environment.NewLine}");
        holders.ShouldNotBeEmpty();
        ProcessProbe.WorkingIn(ws.Directory).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("99999999999999999999h")]
    public async Task Plan_TimeoutIsNotADuration_ExitsThree(string value)
    {
        var run = await CliRun.RunAsync(Path.GetTempPath(), "plan", "plan.json", "--terraform-timeout", value);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"tollgate: error: --terraform-timeout {value} is not a duration between 1s and 7d");
    }

    [Fact]
    public async Task Graph_Directory_ReadsTheTfFilesAloneUnlessAskedAndSaysSo()
    {
        using var ws = new TerraformWorkspace("cli-graph-path");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {}\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.id\n}\n").Run(["init", "-input=false", "-no-color"]);

        var plain = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--format", "json");
        var asked = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--format", "json", "--terraform-graph");

        plain.ExitCode.ShouldBe(0, plain.Error);
        asked.ExitCode.ShouldBe(0, asked.Error);
        Facts(plain.Out)["sources"].ShouldBe("configuration (HCL)");
        Facts(plain.Out)["terraformGraph"].ShouldStartWith("not run: the graph comes from the .tf files");
        Facts(asked.Out)["sources"].ShouldBe("configuration (HCL), terraform graph");
        Facts(asked.Out).ShouldNotContainKey("terraformGraph");
    }

    private static Dictionary<string, string> Facts(string json)
    {
        using var report = JsonDocument.Parse(json);
        return report.RootElement.GetProperty("facts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
    }
}
