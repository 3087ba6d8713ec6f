using System.CommandLine;
using Tollgate.Cli.Reports;
using Tollgate.Models.Alerts;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model alert-rules NAME</c>: Prometheus alerting rules that fire on the model's trends, not spikes.</summary>
public static class ModelAlertRulesCommand
{
    public static Command Create(CliHost host)
    {
        var model = new Argument<string>("NAME") { Description = "The model" };
        var kpi = new Option<string?>("--kpi") { Description = "PromQL selector of the KPI series (default tollgate_model_kpi{model=\"NAME\"})" };
        var drop = new Option<double>("--max-daily-drop") { Description = "Page when the KPI falls faster than this share of its level per day", DefaultValueFactory = _ => 0.0025 };
        var direction = new Option<string>("--direction") { Description = "decrease (higher is better) or increase", DefaultValueFactory = _ => "decrease" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the rules file here instead of standard output" };
        var command = new Command("alert-rules", "Write Prometheus alerting rules that fire on a sustained KPI decline or rising drift, not on a spike") { model, kpi, drop, direction, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rules = AlertRules.Write(new AlertRulesRequest(parse.GetValue(model)!) { Kpi = parse.GetValue(kpi), MaxDailyDrop = parse.GetValue(drop), Direction = parse.GetValue(direction)! });
            if (parse.GetValue(output) is { } file)
            {
                await OutputFile.WriteTextAsync(Path.GetFullPath(file.ToString(), host.WorkingDirectory), rules, "the alerting rules", cancellationToken);
            }
            else
            {
                await host.Out.WriteAsync(rules);
            }

            return 0;
        });
        return command;
    }
}
