using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Inputs;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Promotion;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model rollback NAME [--to V] [--exec CMD]</c>: one command back to the previous production version, recorded.</summary>
public static class ModelRollbackCommand
{
    public static Command Create(CliHost host)
    {
        var model = new Argument<string>("NAME") { Description = "The model" }.WhenEmpty("give the model's name");
        var to = new Option<string?>("--to") { Description = "The version to serve (default: the previous production version)" }.RefusedByItsCommand();
        var exec = new Option<string?>("--exec") { Description = "Makes the serving layer serve a version: the version replaces {version}, else is the last argument" }.RefusedByItsCommand();
        var timeout = new Option<string>("--timeout") { Description = "Limit for the hook (default 10m)", DefaultValueFactory = _ => "10m" };
        var by = new Option<string?>("--by") { Description = "Who rolls back (recorded with the stage change)" }.WhenEmpty("name who, or leave --by out");
        var common = new CommonOptions();
        var command = new Command("rollback", "Roll a model back to its previous production version (or --to V): the hook, then the recorded stage change") { model, to, exec, timeout, by };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limit = PromDuration.Parse(parse.GetValue(timeout)!, "--timeout");
            var hook = ServeHook.Checked(parse.GetValue(exec), "--exec");
            EmptyValue.Refuse(parse.GetValue(to), "--to", "give the version to serve, or leave --to out for the previous production version");

            return await common.RunGateOnLedgerAsync(parse, host, [], (ledger, context) =>
                new ModelRollback(ModelRegistry.Of(ledger))
                    .RunAsync(parse.GetValue(model)!, parse.GetValue(to), hook, limit, host.Error, context, parse.GetValue(by) ?? ""), cancellationToken, existing: true);
        });
        return command;
    }
}
