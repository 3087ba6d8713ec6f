using System.CommandLine;
using System.Globalization;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate deploy start SERVICE --version V --env ENV</c>: records a deploy as running (or, with <c>--at</c>, backfills one).</summary>
public static class DeployStartCommand
{
    public static Command Create(CliHost host)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service being deployed" };
        var version = new Option<string>("--version") { Description = "The artifact's tag (what the retention floor keeps)", Required = true };
        var env = new Option<string>("--env") { Description = "The environment, e.g. production", Required = true };
        var intent = new Option<string>("--intent") { Description = "planned (default), hotfix or rollback", DefaultValueFactory = _ => "planned" };
        var changes = new Option<string[]>("--changes") { Description = "Commits shipped: SHA or SHA@COMMIT-TIME (for lead time)", AllowMultipleArgumentsPerToken = true };
        var at = new Option<string?>("--at") { Description = "When it started: RFC 3339 or Unix seconds (default now); backfills history" };
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" };
        var command = new Command("start", "Record the start of a deploy") { service, version, env, intent, changes, at, ledger };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = NonEmpty(parse.GetValue(service), "SERVICE");
            var environment = NonEmpty(parse.GetValue(env), "--env");
            var started = parse.GetValue(at) is { } text ? DeliveryTime.Parse(text, "--at") : host.Clock.GetUtcNow();
            var id = string.Create(CultureInfo.InvariantCulture, $"{name}/{environment}/{parse.GetValue(version)}@{started.ToUnixTimeMilliseconds()}");
            var deploy = new Deploy(id, name, environment, NonEmpty(parse.GetValue(version), "--version"), DeliveryNames.ParseIntent(parse.GetValue(intent)!), started)
            {
                Changes = (parse.GetValue(changes) ?? []).Select(DeliveryTime.Change).ToList(),
            };
            await using var opened = await LedgerLocation.OpenAsync(parse.GetValue(ledger), host.WorkingDirectory, host.Clock, cancellationToken);
            var counts = await DeliveryStore.Of(opened).RecordAsync([new DeployEvent(id, "tollgate.deploy.started", deploy)], cancellationToken);
            await host.Out.WriteLineAsync(counts.Recorded == 1
                ? $"started {id} ({deploy.Intent.WireName()}, {deploy.Changes.Count} change(s))"
                : $"already recorded: {id}");
            return 0;
        });
        return command;
    }

    internal static string NonEmpty(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidInputException($"{name} must not be empty") : value.Trim();
}
