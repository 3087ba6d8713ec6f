using System.Diagnostics;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate model alert-rules NAME -o FILE</c> says in one line what it wrote (the file, how many rules) and the
/// promtool command that checks them, which runs as printed; without <c>-o</c> standard output is the rules alone.
/// </summary>
public sealed class ModelAlertRulesOutputTests
{
    [Theory]
    [InlineData("rules/fraud.yaml")]
    [InlineData("alert rules/it's fraud.yaml")] // quoted for the shell
    public async Task AlertRules_Output_OneLineNamingTheFileTheRulesAndAPromtoolCommandThatPasses(string output)
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-alert-rules-").FullName;
        var path = Path.Combine(dir, output);

        var run = await CliRun.RunAsync(dir, "model", "alert-rules", "fraud", "-o", output);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBe("tollgate: warning: no --kpi: ModelKpiSustainedDecline watches tollgate_model_kpi{model=\"fraud\"}, which Tollgate does not export; record the KPI under that name with a recording rule, or give --kpi SELECTOR\n");
        run.Out.ShouldBe($"wrote 3 alerting rules for fraud to {path} (ModelKpiSustainedDecline, ModelDriftRising, ModelPsiRising); check them with: {Command(path)}\n");
        var (code, said) = await ShellAsync(dir, run.Out.Trim()[(run.Out.IndexOf("check them with: ", StringComparison.Ordinal) + 17)..]);
        code.ShouldBe(0, said);
        said.ShouldContain("SUCCESS: 3 rules found");
    }

    [Fact]
    public async Task AlertRules_NoOutput_StandardOutputIsTheRulesOnly()
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-alert-rules-").FullName;

        var run = await CliRun.RunAsync(dir, "model", "alert-rules", "fraud", "--kpi", "conversion_rate{service=\"checkout\"}");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty(); // the KPI is named: nothing to warn about
        run.Out.ShouldStartWith("# Written by tollgate model alert-rules");
        run.Out.ShouldContain("avg_over_time(conversion_rate{service=\"checkout\"}[1d])");
        run.Out.ShouldNotContain("wrote ");
    }

    [Theory]
    [InlineData("", "tollgate: error: --kpi is empty (an unset variable?): give the KPI's series selector, e.g. conversion_rate{service=\"checkout\"}, or leave --kpi out for tollgate_model_kpi{model=\"fraud\"}\n")]
    [InlineData("rate(conversions_total[5m])", "tollgate: error: --kpi 'rate(conversions_total[5m])' is not a PromQL series selector (METRIC, METRIC{label=\"value\"} or {label=\"value\"}): '(' at character 5, where '{' or the end belongs\n")]
    public async Task AlertRules_KpiNotASelector_Exit3WithOneLine_NothingWritten(string kpi, string error)
    {
        var dir = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-alert-rules-").FullName;

        var run = await CliRun.RunAsync(dir, "model", "alert-rules", "fraud", "--kpi", kpi, "-o", "rules.yaml");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe(error);
        File.Exists(Path.Combine(dir, "rules.yaml")).ShouldBeFalse();
    }

    private static string Command(string path) =>
        path.Contains(' ', StringComparison.Ordinal) ? $"promtool check rules '{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : $"promtool check rules {path}";

    private static async Task<(int Code, string Said)> ShellAsync(string dir, string command)
    {
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var said = await shell.StandardOutput.ReadToEndAsync() + await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        return (shell.ExitCode, said);
    }
}
