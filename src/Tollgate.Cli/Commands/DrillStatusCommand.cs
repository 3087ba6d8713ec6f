using System.CommandLine;
using Tollgate.Cli.Reports;
using Tollgate.Delivery.Drills;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate drill status</c>: services by staleness of their last successful drill; <c>drill-stale</c> per the policy's <c>maxDrillAgeDays</c>.</summary>
public static class DrillStatusCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions();
        var command = new Command("status", "List services by how long since their last successful rollback drill");
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var policy = common.LoadPolicy(parse, host);
            await using var ledger = await common.OpenLedgerAsync(parse, host, cancellationToken);
            var (report, text) = await DrillStatus.BuildAsync(DeliveryStore.Of(ledger), policy, host.Clock, cancellationToken);
            if (parse.GetValue(common.Format) == ReportFormat.Text && parse.GetValue(common.Output) is null)
            {
                await host.Out.WriteAsync(text);
                return report.ExitCode;
            }

            return await common.RenderAsync(parse, host, report);
        });
        return command;
    }
}
