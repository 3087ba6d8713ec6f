using System.Diagnostics;
using Tollgate.Models.Alerts;

namespace Tollgate.Models.Tests.Alerts;

/// <summary>
/// <c>model alert-rules --kpi</c> takes a PromQL series selector: every one it accepts makes rules promtool loads, and
/// every one it refuses would have made rules promtool refuses (an empty <c>--kpi "$KPI"</c> wrote
/// <c>avg_over_time([1d])</c>), so it is one input error instead of a rules file that fails at deploy time.
/// </summary>
public sealed class KpiSelectorTests
{
    private const string Default = "tollgate_model_kpi{model=\"fraud\"}";

    [Theory]
    [InlineData("conversion_rate")]
    [InlineData("conversion_rate{service=\"checkout\"}")]
    [InlineData(" job:conversion:ratio1d { service = \"checkout\" , region !~ 'eu-.*', } ")]
    [InlineData("{__name__=\"conversion_rate\",env=~`prod|canary`}")]
    [InlineData("conversion_rate{path=\"a\\\"b}\"}")]
    [InlineData("{service!=\"\"}")]
    [InlineData("{service=~\".+\",env=\"\"}")]
    [InlineData("{env=\"\",service!~\"|x\"}")]
    public void Check_Selector_KeptAndTheRulesPassPromtool(string selector)
    {
        KpiSelector.Check(selector, "fraud").ShouldBe(selector.Trim());

        var (code, said) = Promtool(AlertRules.Write(new AlertRulesRequest("fraud") { Kpi = selector }));

        code.ShouldBe(0, said);
        said.ShouldContain("SUCCESS: 3 rules found");
    }

    [Theory]
    [InlineData("", "--kpi is empty (an unset variable?): give the KPI's series selector, e.g. conversion_rate{service=\"checkout\"}, or leave --kpi out for tollgate_model_kpi{model=\"fraud\"}")]
    [InlineData("   ", "--kpi is empty (an unset variable?)")]
    [InlineData("conversion_rate{service=\"checkout\"", "'{' is not closed")]
    [InlineData("rate(conversions_total[5m])", "'(' at character 5, where '{' or the end belongs")]
    [InlineData("conversion_rate[1d]", "'[' at character 16, where '{' or the end belongs")]
    [InlineData("conversion_rate{service=checkout}", "'c' at character 25, where a quoted value belongs")]
    [InlineData("conversion_rate{service}", "'}' at character 24, where =, !=, =~ or !~ belongs")]
    [InlineData("conversion_rate{service=\"checkout}", "the string at character 25 is not closed")]
    [InlineData("conversion_rate{a=\"b\" c=\"d\"}", "'c' at character 23, where ',' or '}' belongs")]
    [InlineData("conversion_rate{a=\"b\"} offset 1d", "'o' at character 24, after the selector's '}'")]
    [InlineData("{}", "'{}' selects no series")]
    [InlineData("{service=\"\"}", "every matcher also matches series without the label")]
    [InlineData("{service=~\".*\"}", "every matcher also matches series without the label")]
    [InlineData("{service!=\"checkout\", env=~'prod|'}", "every matcher also matches series without the label")]
    [InlineData("{service!~\"checkout\"}", "every matcher also matches series without the label")]
    [InlineData("{__name__=~`.*`}", "every matcher also matches series without the label")]
    [InlineData("conversion rate", "'r' at character 12, where '{' or the end belongs")]
    [InlineData("conversion_rate{a=\"b\nc\"}", "a control character (U+000A) at character 21")]
    [InlineData("1conversion", "'1' at character 1, where a metric name or '{' belongs")]
    public void Check_NotASelector_InputErrorSayingWhere_AndPromtoolWouldHaveRefusedTheRules(string selector, string problem)
    {
        var error = Should.Throw<Domain.InvalidInputException>(() => AlertRules.Write(new AlertRulesRequest("fraud") { Kpi = selector }));

        error.Message.ShouldContain(problem);
        error.Message.ShouldNotContain('\n');
        var written = AlertRules.Write(new AlertRulesRequest("fraud")).Replace(Default, selector, StringComparison.Ordinal);
        var (code, said) = Promtool(written);
        code.ShouldNotBe(0, said);
    }

    private static (int Code, string Said) Promtool(string rules)
    {
        using var dir = new TempDirectory();
        var path = dir.File("rules.yaml");
        File.WriteAllText(path, rules);
        using var promtool = Process.Start(new ProcessStartInfo("promtool", ["check", "rules", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var said = promtool.StandardOutput.ReadToEnd() + promtool.StandardError.ReadToEnd();
        promtool.WaitForExit();
        return (promtool.ExitCode, said);
    }
}
