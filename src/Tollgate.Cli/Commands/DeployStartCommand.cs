using System.CommandLine;
using Tollgate.Cli.Hosting;
using System.Globalization;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate deploy start SERVICE --version V --env ENV</c>: records a deploy as running (or, with <c>--at</c>, backfills one).</summary>
public static class DeployStartCommand
{
    public static Command Create(CliHost host)
    {
        var record = new RecordOptions("The service being deployed", "When it started: RFC 3339 (UTC when it names no offset) or Unix seconds (default now); backfills history");
        var version = new Option<string>("--version") { Description = "The artifact's tag (what the retention floor keeps)", Required = true }.WhenEmpty("give the artifact's tag");
        var env = new Option<string>("--env") { Description = "The environment, e.g. production", Required = true }.WhenEmpty("give the environment, e.g. production");
        var intent = new Option<string>("--intent") { Description = "planned (default), hotfix or rollback", DefaultValueFactory = _ => "planned" };
        var changes = new Option<string[]>("--changes") { Description = "Commits shipped: SHA or SHA@COMMIT-TIME (for lead time), several separated by spaces, commas or newlines", AllowMultipleArgumentsPerToken = true }.EmptyMeansNone();
        var (newService, newEnvironment) = (RecordOptions.NewService(), RecordOptions.NewEnvironment());
        var maxWait = new Option<string>("--max-wait")
        {
            Description = "How long a watch of the service and environment may last (default 20m): a deploy whose watch began less than this ago and recorded no verdict refuses the start",
            DefaultValueFactory = _ => "20m",
        };
        var command = record.Command("start", "Record the start of a deploy", withAt: true, version, env, intent, changes, newService, newEnvironment, maxWait);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = record.RecordedServiceOf(parse);
            var environment = RecordOptions.Recorded(parse.GetValue(env), "--env", keyPart: true);
            var tag = RecordOptions.Recorded(parse.GetValue(version), "--version", keyPart: false);
            var started = record.AtOf(parse, host);
            var watchLimit = PromDuration.Parse(parse.GetValue(maxWait)!, "--max-wait");
            var id = string.Create(CultureInfo.InvariantCulture, $"{name}/{environment}/{tag}@{started.ToUnixTimeMilliseconds()}");
            var deploy = new Deploy(id, name, environment, tag, DeliveryNames.ParseIntent(parse.GetValue(intent)!), started)
            {
                Changes = [.. Change.ParseAll(parse.GetValue(changes) ?? [], host.Clock.GetUtcNow())],
            };
            var counts = await record.WithStoreAsync(parse, host, async (store, ledger) =>
            {
                // a watch of the service and environment under way: exit 3, nothing recorded, so it is not judged on this deploy's traffic;
                // checked in the claim that records the deploy, serialized against deploy run's claims (which then see this deploy)
                return await NewTarget.RecordDeployAsync(
                    store, new DeployEvent(id, "tollgate.deploy.started", deploy), parse.GetValue(newService), parse.GetValue(newEnvironment), cancellationToken,
                    token => WatchUnderWay.CheckAsync(store, ledger, name, environment, host.Clock.GetUtcNow(), watchLimit, token, starting: started));
            }, cancellationToken);
            record.At.WriteNote(parse, host);
            CommitTimes.WriteNote(parse.GetValue(changes), host);
            await host.Out.WriteLineAsync(counts.Recorded == 1
                ? $"started {TextSafe.Line(id)} ({deploy.Intent.WireName()}, {Counted.Of(deploy.Changes.Count, "change")})"
                : $"already recorded: {TextSafe.Line(id)}");
            return 0;
        });
        return command;
    }

    internal static string NonEmpty(string? value, string name) => RecordOptions.NonEmpty(value, name);
}
