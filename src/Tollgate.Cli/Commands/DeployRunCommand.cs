using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Watch;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate deploy run SERVICE --version V --env ENV --deploy-cmd CMD --rollback-cmd CMD --spec SLO.yaml</c>:
/// the atomic unit: deploy, watch the SLI window, promote or roll back; every step recorded.
/// </summary>
public static class DeployRunCommand
{
    public static Command Create(CliHost host)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service to deploy" }.WhenEmpty("give the service's name");
        var version = new Option<string>("--version") { Description = "The artifact's tag", Required = true }.WhenEmpty("give the artifact's tag");
        var env = new Option<string>("--env") { Description = "The environment", Required = true }.WhenEmpty("give the environment, e.g. production");
        var deployCmd = new Option<string>("--deploy-cmd") { Description = "Deploys the version (through /bin/sh -c); non-zero exit or timeout is a failed deploy", Required = true }.WhenEmpty("give the command that deploys the version");
        var rollbackCmd = new Option<string>("--rollback-cmd") { Description = "Rolls back to the version in $TOLLGATE_ROLLBACK_VERSION ({version} in the command stands for it)", Required = true }.WhenEmpty("give the command that rolls back");
        var intent = new Option<string>("--intent") { Description = "planned (default), hotfix or rollback", DefaultValueFactory = _ => "planned" };
        var changes = new Option<string[]>("--changes") { Description = "Commits shipped: SHA or SHA@COMMIT-TIME, several separated by spaces, commas or newlines", AllowMultipleArgumentsPerToken = true }.EmptyMeansNone();
        var (newService, newEnvironment) = (RecordOptions.NewService(), RecordOptions.NewEnvironment());
        var delivery = new DeliveryOptions("Limit for each deploy or rollback command (default 10m); past it the command is killed and the deploy failed");
        var common = new CommonOptions();
        var command = new Command("run", "Deploy, watch the SLI window, then promote or roll back: the whole unit, recorded")
        {
            service, version, env, deployCmd, rollbackCmd, intent, changes, newService, newEnvironment,
        };
        delivery.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = delivery.LoadSpec(parse, host);
            var request = new DeployRunRequest(
                RecordOptions.Recorded(parse.GetValue(service), "SERVICE", keyPart: true),
                RecordOptions.Recorded(parse.GetValue(version), "--version", keyPart: false),
                RecordOptions.Recorded(parse.GetValue(env), "--env", keyPart: true),
                DeployStartCommand.NonEmpty(parse.GetValue(deployCmd), "--deploy-cmd"),
                RollbackHook.Checked(DeployStartCommand.NonEmpty(parse.GetValue(rollbackCmd), "--rollback-cmd"))!,
                spec,
                delivery.TimeoutOf(parse))
            {
                Intent = DeliveryNames.ParseIntent(parse.GetValue(intent)!),
                Changes = [.. Change.ParseAll(parse.GetValue(changes) ?? [], host.Clock.GetUtcNow())],
                Window = delivery.WindowOf(parse),
                MaxWait = delivery.MaxWaitOf(parse),
                ErrorLimit = parse.GetValue(delivery.ErrorLimit),
                NewService = parse.GetValue(newService),
                NewEnvironment = parse.GetValue(newEnvironment),
            };
            var connection = PrintedOptions.Connection(parse, common);
            request = request with
            {
                Connection = connection,
                ResumeCommand = PrintedOptions.Watch(parse, delivery, request.Service, request.Environment, request.RollbackCommand, connection),
            };
            var (_, maxWait) = WatchWindow.Check(spec, request.Window, request.MaxWait, request.ErrorLimit); // exit 3 before the ledger is opened or the deploy runs
            host.StopGrace.AtLeast(DeployWatchCommand.RecordOnStop); // stopped, the deploy or rollback cut short is recorded first
            using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            var source = delivery.Source(parse, host, spec, http);
            // A rejected query: exit 3 before the deploy. Asked once: a Prometheus that does not answer is the watch's to hold on,
            // not a reason to wait out retries before deploying.
            await WatchWindow.CheckQueriesAsync(spec, delivery.Source(parse, host, spec, http, attempts: 1), host.Clock.GetUtcNow(), cancellationToken);
            return await common.RunGateOnLedgerAsync(parse, host, [parse.GetValue(delivery.Spec)?.ToString()],
                async (ledger, context) =>
                {
                    // another deploy or watch of the service and environment under way: exit 3 before anything runs, so neither judges the other's traffic;
                    // checked once, in the claim that records this run's deploy, where runs started at once meet (its note said once the claim is decided)
                    var claimed = request with
                    {
                        UnderWay = async (now, notes, token) =>
                        {
                            await WatchUnderWay.CheckAsync(DeliveryStore.Of(ledger), ledger, request.Service, request.Environment, now, maxWait, token, judge: request.ResumeCommand);
                            await DeployUnderWay.CheckAsync(DeliveryStore.Of(ledger), request.Service, request.Environment, now, request.Timeout, notes, connection, token);
                        },
                    };
                    // stopped by a signal, the verdict it recorded is written as the report before exit 130 or 143
                    var report = await StoppedReport.RunAsync(parse, host, common, parse.GetValue(delivery.Spec)?.ToString(), ledger,
                        recording => new DeployGate(DeliveryStore.Of(ledger), source, host.Error).RunAsync(claimed, context with { Ledger = recording }), cancellationToken);
                    CommitTimes.WriteNote(parse.GetValue(changes), host); // once it has run: a refusal stays one line
                    return report;
                }, cancellationToken);
        });
        return command;
    }
}
