using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate deploy finish SERVICE --env ENV --result success|failed</c>: closes the newest running deploy started by the finish time.</summary>
public static class DeployFinishCommand
{
    public static Command Create(CliHost host)
    {
        var record = new RecordOptions("The service whose running deploy finished", "When it finished: RFC 3339 (UTC when it names no offset) or Unix seconds (default now)");
        var env = new Option<string>("--env") { Description = "The environment", Required = true }.WhenEmpty("give the environment, e.g. production");
        var result = new Option<string>("--result") { Description = "success or failed", Required = true }.WhenEmpty("give success or failed");
        var command = record.Command("finish", "Record how the running deploy of a service ended", withAt: true, env, result);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = record.ServiceOf(parse);
            var environment = RecordOptions.NonEmpty(parse.GetValue(env), "--env");
            var outcome = DeployFinish.Outcome(parse.GetValue(result)!);
            var finished = record.AtOf(parse, host);
            var deploy = await record.WithStoreAsync(parse, host, store => DeployFinish.RunAsync(store, name, environment, outcome, finished, cancellationToken), cancellationToken, existing: true);
            record.At.WriteNote(parse, host);
            await host.Out.WriteLineAsync($"finished {TextSafe.Line(deploy.Id)}: {outcome.WireName()} after {(deploy.FinishedAt!.Value - deploy.StartedAt).TotalMinutes:0.#} min");
            return 0;
        });
        return command;
    }
}
