using System.CommandLine;
using System.CommandLine.Parsing;
using Tollgate.Cli.Hosting;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Watch;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate deploy watch SERVICE --env ENV --spec SLO.yaml --window 10m [--rollback-cmd CMD]</c>: judges the window
/// after the newest deploy against the window before it; on fail rolls back, records it, exits 1 (rule <c>watch-window</c>); a newest deploy recorded failed is exit 3.
/// <c>--close DEPLOY-ID</c> (no <c>--spec</c>) closes a stopped, superseded deploy's watch as held instead.
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
        // --close judges nothing: the spec is required for a watch only, checked below.
        delivery.Spec.Required = false;
        delivery.Spec.Description += " (not needed with --close)";
        var common = new CommonOptions();
        var command = new Command("watch", "Judge the SLI window after a deploy; roll back on fail") { service, env, rollback, close };
        delivery.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(close) is { } id)
            {
                RefuseWatchOptions(parse, id, [rollback, delivery.Window, delivery.MaxWait, delivery.ErrorLimit, delivery.Prometheus, delivery.Timeout]);
                var (name, environment) = (DeployStartCommand.NonEmpty(parse.GetValue(service), "SERVICE"), DeployStartCommand.NonEmpty(parse.GetValue(env), "--env"));
                await using var ledger = await common.OpenLedgerAsync(parse, host, cancellationToken, existing: true);
                var line = await StoppedWatchClose.CloseAsync(DeliveryStore.Of(ledger), name, environment, id, host.Clock.GetUtcNow(), cancellationToken);
                await host.Out.WriteLineAsync(line);
                return 0;
            }

            if (parse.GetValue(delivery.Spec) is null)
            {
                throw new InvalidInputException("tollgate deploy watch needs --spec: the SLO spec file (see tollgate deploy watch --help)");
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

    /// <summary>
    /// <c>--close</c> records a stopped watch held and judges nothing: an option of the watch given with it (a rollback
    /// command, a window) would be silently dropped, so it is exit 3 before the ledger is opened. <c>--spec</c> is let
    /// through unread (the command as first documented asked for it).
    /// </summary>
    private static void RefuseWatchOptions(ParseResult parse, string id, IEnumerable<Option> watchOnly)
    {
        var given = watchOnly.Where(o => parse.GetResult(o) is OptionResult { Implicit: false }).Select(o => o.Name).ToList();
        if (given.Count > 0)
        {
            throw new InvalidInputException(
                $"--close {TextSafe.Line(id)} closes a stopped watch without judging it: {string.Join(", ", given)} {(given.Count == 1 ? "is" : "are")} for a watch that judges; leave {(given.Count == 1 ? "it" : "them")} out; nothing was recorded");
        }
    }
}
