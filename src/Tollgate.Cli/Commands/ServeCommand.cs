using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Server;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate serve</c>: binds the options to <see cref="ServeOptions"/> and runs the <see cref="TollgateServer"/> until SIGTERM or SIGINT.</summary>
public static class ServeCommand
{
    public static Command Create(CliHost host)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';')", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var specs = new Option<string?>("--specs") { Description = "Directory of canary specs: NAME.yaml is the spec NAME (a NAME.replay/ recording beside it replays); without it the canary routes hold" };
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL (shared by replicas)" };
        var tokens = new Option<string?>("--token-file") { Description = "Approvers' bearer tokens, one 'NAME TOKEN' per line (without it, POST /api/v1/approvals is refused)" };
        var policy = new Option<string?>("--policy") { Description = "Policy file (default: tollgate.yaml in the working directory, if present)" };
        var rego = new Option<string?>("--rego") { Description = "Rego policies an approval of a plan with \"rego\": true runs (conftest or opa on PATH), as tollgate approve PLAN --rego DIR" };
        var maxBody = new Option<long>("--max-body-size") { Description = "Largest request body in bytes; larger ones are refused with 413", DefaultValueFactory = _ => ServeOptions.DefaultMaxBodyBytes };
        var command = new Command("serve", "Serve the gates over HTTP: Argo Rollouts and Flagger integrations, approvals, plans, verdicts, events, /metrics")
        {
            urls, specs, ledger, tokens, policy, rego, maxBody,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServeOptions(parse.GetValue(urls)!, parse.GetValue(specs), host.WorkingDirectory, Pillars.Rules, Pillars.Vocabulary)
            {
                Ledger = parse.GetValue(ledger),
                TokenFile = parse.GetValue(tokens),
                PolicyFile = parse.GetValue(policy),
                RegoDirectory = parse.GetValue(rego),
                MaxBodyBytes = parse.GetValue(maxBody) is > 0 and var bytes ? bytes : throw new Domain.InvalidInputException("--max-body-size must be a positive number of bytes"),
            };
            await using var server = await TollgateServer.StartAsync(options, host.Clock, cancellationToken);
            await server.RunUntilAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
