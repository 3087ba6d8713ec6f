using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Watch;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate deploy watch SERVICE --env ENV --spec SLO.yaml --window 10m [--rollback-cmd CMD]</c>: judges the window
/// after the newest deploy against the window before it; on fail rolls back, records it, exits 1 (rule <c>watch-window</c>); a newest deploy recorded failed is exit 3.
/// </summary>
public static class DeployWatchCommand
{
    /// <summary>
    /// How long a stopped <c>deploy watch</c> or <c>deploy run</c> may take to record what its signal cut short (a deploy
    /// or rollback command stopped with its tree, then the failed deploy or rollback and the verdict), before the process exits.
    /// </summary>
    internal static readonly TimeSpan RecordOnStop = TimeSpan.FromSeconds(15);

    public static Command Create(CliHost host)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service whose newest deploy is watched" }.WhenEmpty("give the service's name");
        var env = new Option<string>("--env") { Description = "The environment", Required = true }.WhenEmpty("give the environment, e.g. production");
        var rollback = new Option<string?>("--rollback-cmd") { Description = "Run on fail (through /bin/sh -c) to roll back to the version in $TOLLGATE_ROLLBACK_VERSION ({version} in the command stands for it); the rollback is recorded either way" }.WhenEmpty("give the command that rolls back, or leave --rollback-cmd out");
        var close = new Option<string?>("--close") { Description = "Close the open watch of this deploy (its id, as deploy start printed it), stopped and since replaced by a later deploy: recorded held, judged no more" }
            .WhenEmpty("give the id of a deploy whose watch was stopped, e.g. checkout/production/v7@1793527200000");
        var delivery = new DeliveryOptions("Limit for the rollback command (default 10m); past it the command is killed and the rollback is recorded as failed");
        var common = new CommonOptions();
        var command = new Command("watch", "Judge the SLI window after a deploy; roll back on fail") { service, env, rollback, close };
        delivery.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(close) is { } id)
            {
                var (name, environment) = (DeployStartCommand.NonEmpty(parse.GetValue(service), "SERVICE"), DeployStartCommand.NonEmpty(parse.GetValue(env), "--env"));
                await using var ledger = await common.OpenLedgerAsync(parse, host, cancellationToken, existing: true);
                var line = await StoppedWatchClose.CloseAsync(DeliveryStore.Of(ledger), name, environment, id, host.Clock.GetUtcNow(), cancellationToken);
                await host.Out.WriteLineAsync(line);
                return 0;
            }

            var spec = delivery.LoadSpec(parse, host);
            var request = new DeployWatchRequest(DeployStartCommand.NonEmpty(parse.GetValue(service), "SERVICE"), DeployStartCommand.NonEmpty(parse.GetValue(env), "--env"), spec, delivery.TimeoutOf(parse))
            {
                RollbackCommand = parse.GetValue(rollback) is { } command ? RollbackHook.Checked(DeployStartCommand.NonEmpty(command, "--rollback-cmd")) : null,
                Window = delivery.WindowOf(parse),
                MaxWait = delivery.MaxWaitOf(parse),
                ErrorLimit = parse.GetValue(delivery.ErrorLimit),
            };
            var connection = PrintedOptions.Connection(parse, common);
            request = request with
            {
                Connection = connection,
                ResumeCommand = PrintedOptions.Watch(parse, delivery, request.Service, request.Environment, request.RollbackCommand, connection),
            };
            WatchWindow.Check(spec, request.Window, request.MaxWait, request.ErrorLimit); // exit 3 before the ledger is opened
            host.StopGrace.AtLeast(RecordOnStop); // stopped while the rollback command runs, the failed rollback is recorded first
            using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            var source = delivery.Source(parse, host, spec, http);
            // A query Prometheus rejects now is the spec's fault: exit 3 before a look is recorded. Rejected during the watch, it holds.
            await WatchWindow.CheckQueriesAsync(spec, delivery.Source(parse, host, spec, http, attempts: 1), host.Clock.GetUtcNow(), cancellationToken, "nothing was recorded");
            return await common.RunGateOnLedgerAsync(parse, host, [parse.GetValue(delivery.Spec)?.ToString()],
                (ledger, context) => StoppedReport.RunAsync(parse, host, common, parse.GetValue(delivery.Spec)?.ToString(), ledger,
                    recording => new DeployGate(DeliveryStore.Of(ledger), source, host.Error).WatchAsync(request, context with { Ledger = recording }), cancellationToken),
                cancellationToken, existing: true);
        });
        return command;
    }
}
