using System.CommandLine;
using Tollgate.Models.Trends;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model trend --series FILE</c>: binds options, runs <see cref="TrendGate"/>.</summary>
public static class ModelTrendCommand
{
    public static Command Create(CliHost host)
    {
        var series = new Option<string>("--series") { Description = "CSV time,value of the KPI (one point per day or window)", Required = true };
        var baseline = new Option<int?>("--baseline") { Description = "Points that set the in-control level (default: half the series, at most 30)" };
        var alpha = new Option<double>("--alpha") { Description = "Mann-Kendall confirmation level", DefaultValueFactory = _ => 0.01 };
        var direction = new Option<string>("--direction") { Description = "decrease (higher is better) or increase", DefaultValueFactory = _ => "decrease" };
        var minChange = new Option<double>("--min-daily-change") { Description = "Ignore trends slower than this share of the baseline per day (e.g. 0.001)" };
        var common = new CommonOptions();
        var command = new Command("trend", "Alert on a sustained decline (CUSUM/EWMA confirmed by Mann-Kendall), not a spike; Sen slope per day and onset");
        foreach (var option in (Option[])[series, baseline, alpha, direction, minChange])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new TrendRequest(Path.GetFullPath(parse.GetValue(series)!, host.WorkingDirectory))
            {
                Baseline = parse.GetValue(baseline),
                Alpha = parse.GetValue(alpha) is var a && a > 0 && a < 1 ? a : throw new Domain.InvalidInputException($"--alpha {a} is out of range"),
                Direction = parse.GetValue(direction)!,
                MinDailyChange = parse.GetValue(minChange),
            };
            return await common.RunGateAsync(parse, host, [request.Series], context => TrendGate.RunAsync(request, context), null, cancellationToken);
        });
        return command;
    }
}
