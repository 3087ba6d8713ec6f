using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// The deploys pillar's commands refuse bad input with one line and exit 3 before they open (and so create) the
/// ledger or run anything: a refused command leaves no <c>.tollgate/ledger.db</c> and no side effect behind.
/// </summary>
public sealed class DeliveryRefusalTests : IDisposable
{
    /// <summary>A watch spec of one error-rate metric (window 5m, interval 1m) on a Prometheus that never answers; no groups.baseline (a deploy's is the service before it).</summary>
    internal const string Spec =
        "prometheus: http://127.0.0.1:9\nwindow: 5m\ninterval: 1m\ngroups:\n  canary: 'app=\"web\"'\n"
        + "metrics:\n  - name: error-rate\n    type: ratio\n    errors: 'sum(increase(errors{ {{selector}} }[{{interval}}]))'\n    total: 'sum(increase(total{ {{selector}} }[{{interval}}]))'\n    maxValue: 0.01\n";

    private static readonly string[] DeployRun =
        ["deploy", "run", "web", "--version", "v2", "--env", "staging", "--deploy-cmd", "touch side-effect", "--rollback-cmd", "touch side-effect", "--spec", "slo.yaml"];

    private static readonly string[] DeployWatch = ["deploy", "watch", "web", "--env", "staging", "--rollback-cmd", "touch side-effect", "--spec", "slo.yaml"];

    private static readonly string[] Retention = ["retention", "plan", "--registry", "http://127.0.0.1:9", "--repository", "shop/web", "--keep", "1"];

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-delivery-refusal-").FullName;

    public DeliveryRefusalTests()
    {
        File.WriteAllText(Path.Combine(_dir, "slo.yaml"), Spec);
        Directory.CreateDirectory(Path.Combine(_dir, "events"));
        File.WriteAllText(Path.Combine(_dir, "empty.ndjson"), "");
        File.WriteAllText(Path.Combine(_dir, "type-twice.ndjson"), "{\"context\": {\"specversion\": \"0.5.1\", \"id\": \"D1\", \"source\": \"/ci\", \"type\": \"dev.cdevents.service.deployed.0.3.0\", \"type\": \"dev.cdevents.service.rolledback.0.3.0\", \"timestamp\": \"2024-03-04T17:00:00Z\"}, \"subject\": {\"id\": \"service/checkout\", \"content\": {\"environment\": {\"id\": \"production\"}}}}\n");
        File.WriteAllLines(Path.Combine(_dir, "deploys.csv"), ["service,version,env,finished_at", "checkout,v1,production,2024-03-04T17:00:00Z"]);
        File.WriteAllLines(Path.Combine(_dir, "late-bad.ndjson"), [.. File.ReadLines(Repository.File("examples", "deploys", "worked-example.ndjson")), "{\"context\": broken"]);
    }

    public static TheoryData<string[], string> Refusals => new()
    {
        { [.. DeployRun, "--window", "30s"], "--window 30s must be a whole number of the spec's interval (1m)" },
        { [.. DeployRun, "--max-wait", "4m"], "--max-wait 4m is shorter than the window (5m): the watch could never promote; lengthen --max-wait or shorten --window" },
        { [.. DeployRun, "--policy", "missing.yaml"], "missing.yaml does not exist" },
        { [.. DeployRun, "--output", "slo.yaml"], "--output slo.yaml is an input of this command; refusing to overwrite it" },
        { [.. DeployRun, "--error-limit", "0"], "--error-limit 0 must be at least 1: the looks in a row whose every query Prometheus rejects before the watch stops with hold" },
        { [.. DeployWatch, "--window", "30s"], "--window 30s must be a whole number of the spec's interval (1m)" },
        { [.. DeployWatch, "--window", "5h"], "--window 5h: window 5h / interval 1m is 300 looks; at most 240 are supported (the alpha spending's levels are computed at each call's start, too slowly beyond): lengthen interval to at least 1m15s in the spec" },
        { [.. DeployWatch, "--error-limit", "-3"], "--error-limit -3 must be at least 1" },
        { [.. DeployWatch, "--error-limit", "four"], "--error-limit four: expected a whole number" },
        { [.. DeployWatch, "--policy", "missing.yaml"], "missing.yaml does not exist" },
        { ["deploy", "watch", "web", "--env", "staging", "--spec", "slo.yaml", "--rollback-cmd", " "], "--rollback-cmd is empty (an unset variable?): give the command that rolls back, or leave --rollback-cmd out (see tollgate --help)" },
        { ["deploy", "watch", "web", "--env", "staging", "--spec", "slo.yaml", "--rollback-cmd", "touch side-effect; eval {version}"], "--rollback-cmd 'touch side-effect; eval {version}' has {version} where the shell would run the version as shell code" },
        { [.. DeployRun[..10], "touch side-effect; echo $(({version}))", .. DeployRun[11..]], "--rollback-cmd 'touch side-effect; echo $(({version}))' has {version} in arithmetic" },
        { ["deploy", "finish", "web", "--env", "staging", "--result", "running"], "--result must be success or failed" },
        { ["deploy", "start", "web", "--version", "v1", "--env", "staging", "--changes", "abc@soon"], "--changes abc@soon: the commit time soon is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds" },
        { ["deploy", "start", "web", "--version", "v1", "--env", "staging", "--changes", "abc@2099-01-01T00:00:00Z"], "--changes abc@2099-01-01T00:00:00Z: the commit time 2099-01-01T00:00:00Z is in the future (now is " },
        { [.. DeployRun, "--changes", "abc@4070908800"], "--changes abc@4070908800: the commit time 2099-01-01T00:00:00Z is in the future (now is " },
        { ["drill", "status", "--policy", "missing.yaml"], "missing.yaml does not exist" },
        { ["drill", "run", "web", "--rollback-cmd", "", "--forward-cmd", "touch side-effect"], "--rollback-cmd is empty (an unset variable?): give the command that rolls the service back (see tollgate --help)" },
        { ["drill", "record", "web", "--result", "ok", "--at", "soon"], "--at soon is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds" },
        { ["drill", "record", "web", "--result", "ok", "--at", "2099-01-01T00:00:00Z"], "--at 2099-01-01T00:00:00Z is in the future (now is " },
        { ["deploy", "start", "web", "--version", "v1", "--env", "staging", "--at", "4070908800"], "): --at backfills what already happened; give a past time or leave --at out" },
        { ["deploy", "start", "web", "--version", "v1", "--env", "staging", "--at", "1e30"], "--at 1e30 is out of range: Unix seconds from 0 to 253402300799 (year 9999)" },
        { ["deploy", "start", "web", "--version", "v1", "--env", "staging", "--changes", "abc@NaN"], "--changes abc@NaN: the commit time NaN is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds" },
        { ["dora", "--to", "1e300"], "--to 1e300 is out of range: Unix seconds from 0 to 253402300799 (year 9999)" },
        { [.. Retention, "--policy", "missing.yaml"], "missing.yaml does not exist" },
        { ["retention", "plan", "--registry", "http://127.0.0.1:9", "--repository", "", "--keep", "1"], "--repository is empty (an unset variable?): give the repository's name, e.g. shop/checkout" },
        { ["retention", "apply", "--registry", "http://127.0.0.1:9", "--repository", "Shop/Web", "--keep", "1"], "--repository 'Shop/Web' is not a repository name: lowercase letters and digits" },
        { ["retention", "apply", "--registry", "http://127.0.0.1:9", "--repository", "shop//web", "--keep", "1"], "--repository 'shop//web' is not a repository name" },
        { ["retention", "plan", "--registry", "", "--repository", "shop/web", "--keep", "1"], "--registry is empty (an unset variable?)" },
        { ["retention", "plan", "--registry", "ftp://ci:s3cret@registry.test/?token=t0k3n", "--repository", "shop/web", "--keep", "1"], "--registry ftp://***@registry.test/?token=*** is not an http(s) URL\n" },
        { [.. Retention, "--service", " "], "--service is empty (an unset variable?)" },
        { ["dora", "--from", "2024-03-18T00:00:00Z", "--to", "2024-03-04T00:00:00Z"], "--from must be before --to: --from is 2024-03-18T00:00:00Z, --to 2024-03-04T00:00:00Z" },
        { ["dora", "--from", "1e10"], "--from must be before --to: --from is 2286-11-20T17:46:40Z, --to 2026-11-26T12:00:00Z (now)" },
        { ["dora", "--link-window", "0s"], "--link-window 0s: the duration must be longer than zero" },
        { [.. DeployRun, "--output", "events"], "/events: it is a directory" },
        { [.. DeployRun, "--output", "slo.yaml/report.json"], "/slo.yaml is a file, not a directory" },
        { [.. DeployWatch, "--output", "events"], "/events: it is a directory" },
        { ["drill", "status", "--output", "events"], "/events: it is a directory" },
        { ["events", "ingest", "events"], "events is a directory, not a regular file" },
        { ["events", "ingest", "empty.ndjson"], "empty.ndjson is empty: there are no events in it" },
        { ["events", "ingest", "-"], "standard input is empty: there are no events in it" },
        { ["deploy", "start", "web/api", "--version", "v1", "--env", "staging"], "SERVICE 'web/api' has a '/': a deploy's key is SERVICE/ENV/VERSION@TIME" },
        { [.. DeployRun[..3], "--version", "v2", "--env", "stag\u001bing", .. DeployRun[7..]], "--env 'stag\\u001bing' has a control character (\\u001b)" },
        { ["events", "ingest", "type-twice.ndjson"], "type-twice.ndjson:1: not JSON: the key 'type' appears twice in one object: give each field once" },
        { ["events", "ingest", "late-bad.ndjson"], "late-bad.ndjson:12: not JSON: column 13: not well-formed JSON\n" },
        { ["events", "ingest", "deploys.csv"], "deploys.csv:1: not JSON: column 1: not well-formed JSON (events are CDEvents, one JSON object per line or a JSON array, CloudEvents carrying them, or GitHub deployment payloads)\n" },
        { ["events", "ingest", "/proc/sys/vm/drop_caches"], "cannot read /proc/sys/vm/drop_caches: permission denied" }, // 0200: unreadable even by root
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Command_BadInput_OneLineExit3AndNoLedgerOrSideEffect(string[] args, string message)
    {
        var run = await CliRun.RunAsync(_dir, args);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldContain(message);
        run.Error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem().ShouldStartWith("tollgate: error: ");
        Directory.Exists(Path.Combine(_dir, ".tollgate")).ShouldBeFalse("a refused command must not create the ledger");
        File.Exists(Path.Combine(_dir, "side-effect")).ShouldBeFalse("a refused command must not run the commands it was given");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
