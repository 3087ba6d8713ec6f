using System.CommandLine;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate drill record SERVICE --result ok|failed [--duration D]</c>: records a drill run by other means.</summary>
public static class DrillRecordCommand
{
    public static Command Create(CliHost host)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service that was drilled" };
        var result = new Option<string>("--result") { Description = "ok or failed", Required = true };
        var duration = new Option<string?>("--duration") { Description = "How long it took, e.g. 4m30s" };
        var at = new Option<string?>("--at") { Description = "When: RFC 3339 or Unix seconds (default now)" };
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" };
        var command = new Command("record", "Record a rollback drill done by hand or by another tool") { service, result, duration, at, ledger };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ok = parse.GetValue(result) switch
            {
                "ok" => true,
                "failed" => false,
                var other => throw new InvalidInputException($"--result {other}: expected ok or failed"),
            };
            var drill = new Drill(
                DeployStartCommand.NonEmpty(parse.GetValue(service), "SERVICE"),
                ok,
                parse.GetValue(duration) is { } d ? DeliveryTime.Duration(d, "--duration") : null,
                parse.GetValue(at) is { } text ? DeliveryTime.Parse(text, "--at") : host.Clock.GetUtcNow())
            {
                Detail = "recorded",
            };
            await using var opened = await LedgerLocation.OpenAsync(parse.GetValue(ledger), host.WorkingDirectory, host.Clock, cancellationToken);
            await DeliveryStore.Of(opened).RecordDrillAsync(drill, cancellationToken);
            await host.Out.WriteLineAsync($"recorded drill of {drill.Service}: {(ok ? "ok" : "failed")} at {drill.At:yyyy-MM-dd HH:mm}Z");
            return 0;
        });
        return command;
    }
}
