using System.CommandLine;
using Tollgate.Canary.Spec;
using Tollgate.Cli.Hosting;
using Tollgate.Server;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate serve</c>: binds the options to <see cref="ServeOptions"/> and runs the <see cref="TollgateServer"/> until SIGTERM or SIGINT.</summary>
public static class ServeCommand
{
    public static Command Create(CliHost host)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';')", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var specs = new Option<string?>("--specs") { Description = "Directory of canary specs: NAME.yaml is the spec NAME (a NAME.replay/ recording beside it replays); without it the canary routes hold" }.RefusedByItsCommand();
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL (shared by replicas)" }.RefusedByItsCommand();
        var tokens = new Option<string?>("--token-file") { Description = "Approvers' bearer tokens, one 'NAME TOKEN' per line (without it, POST /api/v1/approvals is refused)" }.RefusedByItsCommand();
        var eventTokens = new Option<string?>("--events-token-file") { Description = "Event senders' bearer tokens, one 'NAME TOKEN' per line: POST /api/v1/events then requires one (without it, the route is open: keep it reachable only by trusted CI)" }.RefusedByItsCommand();
        var policy = new Option<string?>("--policy") { Description = "Policy file (default: tollgate.yaml in the working directory, if present)" };
        var rego = new Option<string?>("--rego") { Description = "Rego policies an approval of a plan with \"rego\": true runs (conftest or opa on PATH), as tollgate approve PLAN --rego DIR" }.RefusedByItsCommand();
        var drainDelay = new Option<string>("--drain-delay")
        {
            Description = "After SIGTERM, keep serving this long with /readyz answering 503 before stopping, so a load balancer takes the replica out first (e.g. 5s, 15s; 0 stops at once)",
            DefaultValueFactory = _ => PromDuration.Format(ServeOptions.DefaultDrainDelay),
        };
        var maxBody = new Option<string>("--max-body-size")
        {
            Description = "Largest request body, in bytes or with a unit (600MB, 512MiB, 1GiB); larger ones are refused with 413",
            DefaultValueFactory = _ => $"{ServeOptions.DefaultMaxBodyBytes >> 20}MiB", // as a user types it, and shown so by help
        };
        var existenceTtl = new Option<string>("--existence-ttl")
        {
            Description = "How long a rollout's yes to an existence question (its errors metric has series, they carry a label) is kept before a look asks again (e.g. 10m, 1h; 0 asks at every look)",
            DefaultValueFactory = _ => PromDuration.Format(ServeOptions.DefaultExistenceTtl),
        };
        var answerBudget = new Option<string>("--answer-budget")
        {
            Description = "How long Argo Rollouts' analysis and Flagger's hooks may wait on Prometheus, retries included, before the answer is hold: keep it below the controllers' webhook timeouts (both 10s by default)",
            DefaultValueFactory = _ => PromDuration.Format(ServeOptions.DefaultAnswerBudget),
        };
        var command = new Command("serve", "Serve the gates over HTTP: Argo Rollouts and Flagger integrations, approvals, plans, verdicts, events, /metrics")
        {
            urls, specs, ledger, tokens, eventTokens, policy, rego, drainDelay, maxBody, existenceTtl, answerBudget,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServeOptions(parse.GetValue(urls)!, parse.GetValue(specs), host.WorkingDirectory, Pillars.Rules, Pillars.Vocabulary)
            {
                Ledger = parse.GetValue(ledger),
                TokenFile = parse.GetValue(tokens),
                EventsTokenFile = parse.GetValue(eventTokens),
                PolicyFile = parse.GetValue(policy),
                RegoDirectory = parse.GetValue(rego),
                MaxBodyBytes = Domain.ByteSize.Parse(parse.GetValue(maxBody)!, "--max-body-size"),
                DrainDelay = DrainDelay(parse.GetValue(drainDelay)!),
                ExistenceTtl = ExistenceTtl(parse.GetValue(existenceTtl)!),
                AnswerBudget = AnswerBudget(parse.GetValue(answerBudget)!),
            };
            // The process waits for the drain and the requests in flight before it exits on the signal.
            host.StopGrace.AtLeast(options.DrainDelay + options.ShutdownTimeout + TimeSpan.FromSeconds(5));
            await using var server = await TollgateServer.StartAsync(options, host.Clock, cancellationToken);
            await server.RunUntilAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary><c>--drain-delay</c>: a duration up to an hour, or 0 (no delay).</summary>
    internal static TimeSpan DrainDelay(string text) =>
        ZeroOrDuration(text, ServeOptions.MaxDrainDelay)
        ?? throw new Domain.InvalidInputException($"--drain-delay {text} is not a duration from 0 to {PromDuration.Format(ServeOptions.MaxDrainDelay)} like 5s, 30s or 1m (0 stops at once)");

    /// <summary><c>--existence-ttl</c>: a duration up to a day, or 0 (nothing kept: asked at every look).</summary>
    internal static TimeSpan ExistenceTtl(string text) =>
        ZeroOrDuration(text, ServeOptions.MaxExistenceTtl)
        ?? throw new Domain.InvalidInputException($"--existence-ttl {text} is not a duration from 0 to {PromDuration.Format(ServeOptions.MaxExistenceTtl)} like 10m or 1h (0 asks at every look)");

    /// <summary><c>--answer-budget</c>: a duration above 0, up to 5 minutes.</summary>
    internal static TimeSpan AnswerBudget(string text) =>
        ZeroOrDuration(text, ServeOptions.MaxAnswerBudget) is { } budget && budget > TimeSpan.Zero ? budget
        : throw new Domain.InvalidInputException($"--answer-budget {text} is not a duration above 0 and up to {PromDuration.Format(ServeOptions.MaxAnswerBudget)} like 8s or 25s: below the controllers' webhook timeouts");

    /// <summary>A duration from 0 (written <c>0</c> or <c>0s</c>) to <paramref name="max"/>, or null.</summary>
    private static TimeSpan? ZeroOrDuration(string text, TimeSpan max)
    {
        var trimmed = text.Trim();
        if (trimmed == "0" || (PromDuration.IsZeroOrNegative(trimmed) && !trimmed.StartsWith('-')))
        {
            return TimeSpan.Zero;
        }

        return PromDuration.TryParse(text, out var duration) && duration <= max ? duration : null;
    }
}
