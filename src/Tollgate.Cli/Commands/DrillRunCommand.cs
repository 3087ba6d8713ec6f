using System.CommandLine;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Drills;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate drill run SERVICE --rollback-cmd CMD --forward-cmd CMD [--check-cmd CMD]</c>: a timed, recorded rollback rehearsal.</summary>
public static class DrillRunCommand
{
    public static Command Create(CliHost host)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service whose rollback path is rehearsed" };
        var rollback = new Option<string>("--rollback-cmd") { Description = "Rolls the service back (through /bin/sh -c)", Required = true };
        var forward = new Option<string>("--forward-cmd") { Description = "Rolls it forward again", Required = true };
        var check = new Option<string?>("--check-cmd") { Description = "Checks the service after each step; non-zero exit fails the drill" };
        var timeout = new Option<string>("--timeout") { Description = "Limit for each step (default 10m)", DefaultValueFactory = _ => "10m" };
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" };
        var command = new Command("run", "Roll back, check, roll forward, check; timed and recorded") { service, rollback, forward, check, timeout, ledger };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = DeployStartCommand.NonEmpty(parse.GetValue(service), "SERVICE");
            var limit = DeliveryTime.Duration(parse.GetValue(timeout)!, "--timeout");
            await using var opened = await LedgerLocation.OpenAsync(parse.GetValue(ledger), host.WorkingDirectory, host.Clock, cancellationToken);
            var (drill, _) = await DrillRunner.RunAsync(name, parse.GetValue(rollback)!, parse.GetValue(forward)!, parse.GetValue(check), limit, host.Error, host.WorkingDirectory, host.Clock, cancellationToken);
            await DeliveryStore.Of(opened).RecordDrillAsync(drill, cancellationToken);
            await host.Out.WriteLineAsync($"drill of {name}: {(drill.Ok ? "ok" : "FAILED")} in {drill.Duration!.Value.TotalSeconds:0.#} s: {drill.Detail}");
            return drill.Ok ? 0 : 1;
        });
        return command;
    }
}
