using System.CommandLine;
using Tollgate.Canary.Gate;
using Tollgate.Cli.Hosting;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate canary --spec FILE</c>: binds the options to a <see cref="CanaryRequest"/> and runs the <see cref="CanaryGate"/>.</summary>
public static class CanaryCommand
{
    public static Command Create(CliHost host)
    {
        var spec = new Option<string>("--spec") { Description = "The canary spec (YAML): groups, slices, metrics and bounds", Required = true }.WhenEmpty("give the canary spec file");
        var at = new TimeOption("--at", "End of the window: RFC 3339 (UTC when it names no offset) or Unix seconds (default: now)");
        var watch = new Option<bool>("--watch") { Description = "Re-evaluate every interval until promote or roll back; exit 0 / 1 / 2" };
        var maxWait = new Option<string?>("--max-wait") { Description = "With --watch: give up (hold, exit 2) after this long (default: twice the window); whole intervals of the spec, at least the window" };
        var prometheus = new Option<string?>("--prometheus") { Description = "Prometheus URL (overrides the spec's prometheus:)" };
        var tokenFile = new Option<string?>("--prometheus-token-file") { Description = $"A file holding a bearer token for Prometheus (default: the {TokenVariable} variable; never the token itself as an argument)" };
        var record = new Option<string?>("--record") { Description = "Save every Prometheus response in this directory" }.RefusedByItsCommand();
        var replay = new Option<string?>("--replay") { Description = "Judge again offline from responses saved with --record" }.RefusedByItsCommand();
        var stableHash = new Option<string?>("--stable-hash") { Description = "The baseline's pod-template hash, for {{stableHash}} in the spec's group selectors (as the server fills it)" }.RefusedByItsCommand();
        var latestHash = new Option<string?>("--latest-hash") { Description = "The canary's pod-template hash, for {{latestHash}} in the spec's group selectors" }.RefusedByItsCommand();
        var common = new CommonOptions();
        var command = new Command("canary", "Judge a canary against its baseline per slice: SLOs and relative bounds, exact tests, alpha spent over the window's looks");
        foreach (var option in (Option[])[spec, at.Option, watch, maxWait, prometheus, tokenFile, record, replay, stableHash, latestHash])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new CanaryRequest(parse.GetValue(spec)!)
            {
                At = at.TextOf(parse),
                Watch = parse.GetValue(watch),
                MaxWait = parse.GetValue(maxWait),
                Prometheus = parse.GetValue(prometheus),
                PrometheusToken = host.Variable(TokenVariable),
                PrometheusTokenFile = parse.GetValue(tokenFile),
                Record = parse.GetValue(record),
                Replay = parse.GetValue(replay),
                StableHash = parse.GetValue(stableHash),
                LatestHash = parse.GetValue(latestHash),
            };
            // The live display ends with the gate, before the report is written to standard output; the gate reads --at,
            // and once it has judged (a refusal stays one line) the note says how a time without an offset was read.
            return common.RunGateAsync(parse, host, [request.Spec], async context =>
            {
                var report = await CanaryLiveStatus.RunAsync(host, request.Watch, (looks, progress) =>
                    new CanaryGate { Looks = looks }.RunAsync(request, context with { Progress = progress }));
                at.WriteNote(parse, host);
                return report;
            }, null, cancellationToken);
        });
        return command;
    }

    private const string TokenVariable = Processes.SecretVariables.PrometheusToken;
}
