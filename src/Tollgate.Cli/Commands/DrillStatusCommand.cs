using System.CommandLine;
using Tollgate.Cli.Reports;
using Tollgate.Delivery.Drills;
using Tollgate.Domain.Reports;
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
            var text = "";
            Report? report = null;
            var table = parse.GetValue(common.Format) == ReportFormat.Text && parse.GetValue(common.Output) is null;
            var exit = await common.RunGateOnLedgerAsync(parse, host, [], async (ledger, context) =>
            {
                (report, text) = await DrillStatus.RunAsync(DeliveryStore.Of(ledger), context);
                return report;
            }, cancellationToken, render: !table, existing: true);
            if (table)
            {
                // The table, then the findings (a medium drill-stale below failOn too) and the digest as every report shows them.
                await host.Out.WriteAsync(text + TextReport.Tail(report!, color: host.OutIsTerminal));
            }

            return exit;
        });
        return command;
    }
}
