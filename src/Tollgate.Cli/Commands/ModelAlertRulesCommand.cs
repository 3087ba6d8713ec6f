using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain.Reports;
using Tollgate.Models.Alerts;
using Tollgate.Reports;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model alert-rules NAME</c>: Prometheus alerting rules that fire on the model's trends, not spikes.</summary>
public static class ModelAlertRulesCommand
{
    public static Command Create(CliHost host)
    {
        var model = new Argument<string>("NAME") { Description = "The model" }.WhenEmpty("give the model's name");
        var kpi = new Option<string?>("--kpi") { Description = "PromQL selector of the KPI series (default tollgate_model_kpi{model=\"NAME\"})" }.RefusedByItsCommand();
        var drop = new Option<double>("--max-daily-drop") { Description = "Page when the KPI falls faster than this share of its level per day", DefaultValueFactory = _ => 0.0025 };
        var direction = new Option<string>("--direction") { Description = "decrease (higher is better) or increase", DefaultValueFactory = _ => "decrease" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the rules file here instead of standard output" };
        var command = new Command("alert-rules", "Write Prometheus alerting rules that fire on a sustained KPI decline or rising drift, not on a spike") { model, kpi, drop, direction, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rules = AlertRules.Build(new AlertRulesRequest(parse.GetValue(model)!) { Kpi = parse.GetValue(kpi), MaxDailyDrop = parse.GetValue(drop), Direction = parse.GetValue(direction)! });
            if (parse.GetValue(output) is { } file)
            {
                var path = Path.GetFullPath(file.ToString(), host.WorkingDirectory);
                await OutputFile.WriteTextAsync(path, rules.Yaml, "the alerting rules", cancellationToken);
                await host.Out.WriteLineAsync(Written(path, rules, parse.GetValue(model)!.Trim()));
            }
            else
            {
                await host.Out.WriteAsync(rules.Yaml);
            }

            if (parse.GetValue(kpi) is null)
            {
                // The default series is a name to record the KPI under, not one Tollgate exports: say so (once the rules are
                // written, so a refusal stays one line), or the rule never fires.
                await host.Error.WriteLineAsync(
                    $"tollgate: warning: no --kpi: ModelKpiSustainedDecline watches tollgate_model_kpi{{model=\"{TextSafe.Line(parse.GetValue(model)!.Trim())}\"}}, "
                    + "which Tollgate does not export; record the KPI under that name with a recording rule, or give --kpi SELECTOR");
            }

            return 0;
        });
        return command;
    }

    /// <summary>What <c>-o</c> wrote, in one line: the file, how many rules, and the command that checks them.</summary>
    internal static string Written(string path, AlertRuleSet rules, string model) =>
        $"wrote {Counted.Of(rules.Alerts.Count, "alerting rule")} for {TextSafe.Line(model)} to {path} ({string.Join(", ", rules.Alerts)}); check them with: promtool check rules {ShellWord(path)}";

    /// <summary>A path as a POSIX shell reads it back: as is when it needs no quoting, else in single quotes.</summary>
    private static string ShellWord(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or ':' or '@' or '%')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
