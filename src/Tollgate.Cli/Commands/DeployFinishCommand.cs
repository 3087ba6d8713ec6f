using System.CommandLine;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate deploy finish SERVICE --env ENV --result success|failed</c>: closes the newest running deploy.</summary>
public static class DeployFinishCommand
{
    public static Command Create(CliHost host)
    {
        var record = new RecordOptions("The service whose running deploy finished", "When it finished: RFC 3339 or Unix seconds (default now)");
        var env = new Option<string>("--env") { Description = "The environment", Required = true };
        var result = new Option<string>("--result") { Description = "success or failed", Required = true };
        var command = record.Command("finish", "Record how the running deploy of a service ended", withAt: true, env, result);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = record.ServiceOf(parse);
            var environment = RecordOptions.NonEmpty(parse.GetValue(env), "--env");
            var outcome = DeliveryNames.ParseResult(parse.GetValue(result)!);
            if (outcome == DeployResult.Running)
            {
                throw new InvalidInputException("--result must be success or failed");
            }

            var finished = record.AtOf(parse, host);
            var deploy = await record.WithStoreAsync(parse, host, store => store.FinishAsync(name, environment, outcome, finished, cancellationToken), cancellationToken)
                ?? throw new InvalidInputException($"no running deploy of {name} in {environment}: record one with tollgate deploy start");
            if (deploy.FinishedAt < deploy.StartedAt)
            {
                await host.Error.WriteLineAsync($"tollgate: note: {deploy.Id} finished before it started; check --at");
            }

            await host.Out.WriteLineAsync($"finished {deploy.Id}: {outcome.WireName()} after {(deploy.FinishedAt!.Value - deploy.StartedAt).TotalMinutes:0.#} min");
            return 0;
        });
        return command;
    }
}
