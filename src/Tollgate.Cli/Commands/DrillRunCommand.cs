using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Drills;
using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate drill run SERVICE --rollback-cmd CMD --forward-cmd CMD [--check-cmd CMD]</c>: a timed, recorded rollback rehearsal.</summary>
public static class DrillRunCommand
{
    public static Command Create(CliHost host)
    {
        var record = new RecordOptions("The service whose rollback path is rehearsed");
        var rollback = new Option<string>("--rollback-cmd") { Description = "Rolls the service back (through /bin/sh -c)", Required = true }.WhenEmpty("give the command that rolls the service back");
        var forward = new Option<string>("--forward-cmd") { Description = "Rolls it forward again", Required = true }.WhenEmpty("give the command that rolls it forward again");
        var check = new Option<string?>("--check-cmd") { Description = "Checks the service after each step; non-zero exit fails the drill" }.WhenEmpty("give the command that checks the service, or leave --check-cmd out");
        var timeout = new Option<string>("--timeout") { Description = "Limit for each step (default 10m)", DefaultValueFactory = _ => "10m" };
        var env = new Option<string?>("--env") { Description = "Rehearse deploy run's rollback in this environment: the commands get its versions ($TOLLGATE_ROLLBACK_VERSION, {version}, …)" }.WhenEmpty("give the environment, e.g. production, or leave --env out");
        var newService = RecordOptions.NewService();
        var command = record.Command("run", "Roll back, check, roll forward, check; timed and recorded", withAt: false, rollback, forward, check, timeout, env, newService);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = record.RecordedServiceOf(parse);
            var (rollbackCommand, forwardCommand) = (RecordOptions.NonEmpty(parse.GetValue(rollback), "--rollback-cmd"), RecordOptions.NonEmpty(parse.GetValue(forward), "--forward-cmd"));
            var checkCommand = parse.GetValue(check) is { } c ? RecordOptions.NonEmpty(c, "--check-cmd") : null;
            var limit = PromDuration.Parse(parse.GetValue(timeout)!, "--timeout");
            return await record.WithStoreAsync(parse, host, async store => // opened first: a bad ledger or a mistyped service fails before any step runs
            {
                await NewTarget.CheckDrillAsync(store, name, parse.GetValue(newService), cancellationToken);
                var environment = parse.GetValue(env);
                (Deploy Current, string Target)? versions = environment is not null ? await DrillVersions.ForAsync(store, name, environment, cancellationToken) : null;
                var (drill, _) = await DrillRunner.RunAsync(name, RollbackHook.Checked(rollbackCommand)!, forwardCommand, checkCommand, limit, host.Error, host.WorkingDirectory, host.Clock, cancellationToken, versions);
                var connection = parse.GetValue(record.Ledger) is { Length: > 0 } ledger ? " --ledger " + ShellScript.Word(PrintedOptions.ShownLedger(ledger)) : "";
                await UnrecordedDrill.RecordAsync( // the steps ran: a ledger that cannot record them now gets a line saying so, and what to run
                    store, drill, parse.GetValue(newService), versions is { } v ? (environment!, v.Current, v.Target) : null, connection, cancellationToken);
                await host.Out.WriteLineAsync($"drill of {TextSafe.Line(name)}: {(drill.Ok ? "ok" : "FAILED")} in {drill.Duration!.Value.TotalSeconds:0.#} s: {TextSafe.Line(drill.Detail)}");
                return drill.Ok ? 0 : 1;
            }, cancellationToken);
        });
        return command;
    }
}
