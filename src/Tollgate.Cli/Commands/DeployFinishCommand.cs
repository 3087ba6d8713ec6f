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
        var amend = new Option<string?>("--deploy") { Description = "Mark this finished deploy (its id, as deploy start printed it) failed after the fact, with --result failed" }
            .WhenEmpty("give the id of a finished deploy, e.g. checkout/production/v7@1793527200000");
        var watchFailed = new Option<bool>("--watch-failed")
        {
            Description = "With --deploy: the failure is its watch window's, which the ledger refused when the watch failed; recorded as the watch records it (lead time: its changes not shipped)",
        };
        var command = record.Command("finish", "Record how the running deploy of a service ended, or mark a finished one failed (--deploy)", withAt: true, env, result, amend, watchFailed);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = record.ServiceOf(parse);
            var environment = RecordOptions.NonEmpty(parse.GetValue(env), "--env");
            var outcome = DeployFinish.Outcome(parse.GetValue(result)!);
            var byWatch = parse.GetValue(watchFailed);
            if (parse.GetValue(amend) is { } id)
            {
                if (record.At.TextOf(parse) is not null)
                {
                    throw new Domain.InvalidInputException("--at is not taken with --deploy: the deploy keeps the finish time it has; nothing recorded");
                }

                var amended = await record.WithStoreAsync(parse, host, store => DeployFinish.AmendAsync(store, name, environment, id, outcome, host.Clock.GetUtcNow(), cancellationToken, byWatch), cancellationToken, existing: true);
                await host.Out.WriteLineAsync(amended.Line);
                return 0;
            }

            if (byWatch)
            {
                throw new Domain.InvalidInputException("--watch-failed is taken with --deploy ID: it marks a finished deploy failed by its watch window; nothing recorded");
            }

            var finished = record.AtOf(parse, host);
            var deploy = await record.WithStoreAsync(parse, host, store => DeployFinish.RunAsync(store, name, environment, outcome, finished, cancellationToken), cancellationToken, existing: true);
            record.At.WriteNote(parse, host);
            await host.Out.WriteLineAsync($"finished {TextSafe.Line(deploy.Id)}: {outcome.WireName()} after {(deploy.FinishedAt!.Value - deploy.StartedAt).TotalMinutes:0.#} min");
            return 0;
        });
        return command;
    }
}
