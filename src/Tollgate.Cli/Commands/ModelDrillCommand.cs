using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Spec;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Promotion;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model drill NAME --exec CMD [--check CMD]</c>: rehearse the rollback for real, timed and recorded.</summary>
public static class ModelDrillCommand
{
    public static Command Create(CliHost host)
    {
        var model = new Argument<string>("NAME") { Description = "The model" }.WhenEmpty("give the model's name");
        var exec = new Option<string>("--exec") { Description = "Makes the serving layer serve a version ({version}, else the last argument)", Required = true }.RefusedByItsCommand();
        var check = new Option<string?>("--check") { Description = "Checks the served version ({version}, else the last argument); non-zero fails the drill" }.RefusedByItsCommand();
        var timeout = new Option<string>("--timeout") { Description = "Limit for each step (default 10m)", DefaultValueFactory = _ => "10m" };
        var by = new Option<string?>("--by") { Description = "Who runs the drill (recorded with the stage changes)" }.WhenEmpty("name who, or leave --by out");
        var common = new CommonOptions();
        var command = new Command("drill", "Rehearse the rollback: serve the previous version, check it, serve the live one again, check; timed and recorded") { model, exec, check, timeout, by };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limit = PromDuration.Parse(parse.GetValue(timeout)!, "--timeout");
            var (serve, smoke) = (ServeHook.Checked(parse.GetValue(exec), "--exec")!, ServeHook.Checked(parse.GetValue(check), "--check"));
            return await common.RunGateOnLedgerAsync(parse, host, [], (ledger, context) =>
                new ModelDrill(ModelRegistry.Of(ledger))
                    .RunAsync(parse.GetValue(model)!, serve, smoke, limit, host.Error, context, parse.GetValue(by) ?? ""), cancellationToken, existing: true);
        });
        return command;
    }
}
