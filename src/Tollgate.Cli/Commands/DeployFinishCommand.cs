using System.CommandLine;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate deploy finish SERVICE --env ENV --result success|failed</c>: closes the newest running deploy.</summary>
public static class DeployFinishCommand
{
    public static Command Create(CliHost host)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service whose running deploy finished" };
        var env = new Option<string>("--env") { Description = "The environment", Required = true };
        var result = new Option<string>("--result") { Description = "success or failed", Required = true };
        var at = new Option<string?>("--at") { Description = "When it finished: RFC 3339 or Unix seconds (default now)" };
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" };
        var command = new Command("finish", "Record how the running deploy of a service ended") { service, env, result, at, ledger };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = DeployStartCommand.NonEmpty(parse.GetValue(service), "SERVICE");
            var environment = DeployStartCommand.NonEmpty(parse.GetValue(env), "--env");
            var outcome = DeliveryNames.ParseResult(parse.GetValue(result)!);
            if (outcome == DeployResult.Running)
            {
                throw new InvalidInputException("--result must be success or failed");
            }

            var finished = parse.GetValue(at) is { } text ? DeliveryTime.Parse(text, "--at") : host.Clock.GetUtcNow();
            await using var opened = await LedgerLocation.OpenAsync(parse.GetValue(ledger), host.WorkingDirectory, host.Clock, cancellationToken);
            var deploy = await DeliveryStore.Of(opened).FinishAsync(name, environment, outcome, finished, cancellationToken)
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
