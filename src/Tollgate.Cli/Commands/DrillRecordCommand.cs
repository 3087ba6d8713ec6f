using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate drill record SERVICE --result ok|failed [--duration D]</c>: records a drill run by other means.</summary>
public static class DrillRecordCommand
{
    public static Command Create(CliHost host)
    {
        var record = new RecordOptions("The service that was drilled");
        var result = new Option<string>("--result") { Description = "ok or failed", Required = true }.WhenEmpty("give ok or failed");
        var duration = new Option<string?>("--duration") { Description = "How long it took, e.g. 4m30s" };
        var newService = RecordOptions.NewService();
        var command = record.Command("record", "Record a rollback drill done by hand or by another tool", withAt: true, result, duration, newService);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ok = parse.GetValue(result) switch
            {
                "ok" => true,
                "failed" => false,
                var other => throw new InvalidInputException($"--result {other}: expected ok or failed"),
            };
            var drill = new Drill(
                record.RecordedServiceOf(parse),
                ok,
                parse.GetValue(duration) is { } d ? PromDuration.Parse(d, "--duration") : null,
                record.AtOf(parse, host))
            {
                Detail = "recorded",
            };
            await record.WithStoreAsync(parse, host, async store =>
            {
                await NewTarget.RecordDrillAsync(store, drill, parse.GetValue(newService), cancellationToken); // checked in the write
                return 0;
            }, cancellationToken);
            record.At.WriteNote(parse, host);
            await host.Out.WriteLineAsync($"recorded drill of {TextSafe.Line(drill.Service)}: {(ok ? "ok" : "failed")} at {drill.At:yyyy-MM-dd HH:mm}Z");
            return 0;
        });
        return command;
    }
}
