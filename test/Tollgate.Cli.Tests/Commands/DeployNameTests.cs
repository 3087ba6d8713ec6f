using System.Text;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// The names <c>deploy start|run</c> and <c>drill record|run</c> record: a control character anywhere, or a '/' in a
/// service or environment (the deploy key's separator), is exit 3 with one line and nothing recorded; a space, or a
/// '/' in a version, is recorded. Names that reach the ledger another way (<c>events ingest</c>) are shown escaped.
/// </summary>
public sealed class DeployNameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-deploy-names-").FullName;

    private static readonly string WorkedExample = Repository.File("examples", "deploys", "worked-example.ndjson");

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(_dir, args);

    [Theory]
    [InlineData("deploy start", "evil\u001b[31mred", "production", "v1", "SERVICE 'evil\\u001b[31mred' has a control character (\\u001b): a name is printed on one line")]
    [InlineData("deploy start", "new\nsvc", "production", "v1", "SERVICE 'new\\nsvc' has a control character (\\n)")]
    [InlineData("deploy start", "web", "prod\u202eion", "v1", "--env 'prod\\u202eion' has a control character (\\u202e)")]
    [InlineData("deploy start", "web", "production", "v1\tx", "--version 'v1\\tx' has a control character (\\t)")]
    [InlineData("deploy start", "a/b", "production", "v1", "SERVICE 'a/b' has a '/': a deploy's key is SERVICE/ENV/VERSION@TIME, so a '/' in a service or environment name could make two deploys one key; use '-' or '.' instead")]
    [InlineData("deploy start", "web", "eu/west", "v1", "--env 'eu/west' has a '/'")]
    [InlineData("deploy run", "a/b", "production", "v1", "SERVICE 'a/b' has a '/'")]
    [InlineData("deploy run", "web", "production", "v1\u001b[2J", "--version 'v1\\u001b[2J' has a control character (\\u001b)")]
    [InlineData("drill record", "x\u0000y", "", "", "SERVICE 'x\\u0000y' has a control character (\\u0000)")]
    [InlineData("drill run", "a/b", "", "", "SERVICE 'a/b' has a '/'")]
    public async Task RecordingCommand_NameWithAControlCharacterOrKeySlash_Exit3OneLineNothingRecordedOrRun(string command, string service, string env, string version, string message)
    {
        File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);
        string[] args = command switch
        {
            "deploy start" => ["deploy", "start", service, "--env", env, "--version", version],
            "deploy run" => ["deploy", "run", service, "--env", env, "--version", version, "--deploy-cmd", "touch side-effect", "--rollback-cmd", "touch side-effect", "--spec", "slo.yaml"],
            "drill record" => ["drill", "record", service, "--result", "ok"],
            _ => ["drill", "run", service, "--rollback-cmd", "touch side-effect", "--forward-cmd", "touch side-effect"],
        };

        var run = await Run(args);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldStartWith("tollgate: error: " + message);
        run.Error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem();
        run.Error.ShouldNotContain('\u001b');
        Directory.Exists(Path.Combine(_dir, ".tollgate")).ShouldBeFalse("a refused name must not create the ledger");
        File.Exists(Path.Combine(_dir, "side-effect")).ShouldBeFalse("a refused name must not run the commands");
    }

    [Theory]
    [InlineData("my service", "production", "v1", "started my service/production/v1@")]
    [InlineData("checkout", "eu west", "v1", "started checkout/eu west/v1@")]
    [InlineData("checkout", "production", "release/1.2", "started checkout/production/release/1.2@")]
    [InlineData("checkout", "production", "v1@build.7", "started checkout/production/v1@build.7@")]
    public async Task DeployStart_SpaceOrAVersionWithSlash_Recorded(string service, string env, string version, string started)
    {
        var run = await Run("deploy", "start", service, "--env", env, "--version", version);
        var finish = await Run("deploy", "finish", service, "--env", env, "--result", "success");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith(started);
        finish.ExitCode.ShouldBe(0, finish.Error);
        finish.Out.ShouldStartWith("finished " + started["started ".Length..]);
    }

    [Fact]
    public async Task IngestedNamesWithControlCharacters_EveryTextOutputShowsThemEscaped()
    {
        // events ingest records names as the CD system sends them: a GitHub deployment (still running) whose id, service
        // and environment hold an escape and a newline.
        var events = Path.Combine(_dir, "github.json");
        File.WriteAllText(events, """
            {"deployment": {"id": "7\u001b[31m\nPASS forged", "environment": "prod\u001b[2J", "ref": "v1", "created_at": "2026-11-26T11:00:00Z",
              "payload": {"service": "evil\u001b[31mred\nPASS forged"}}, "repository": {"name": "shop"}}
            """.ReplaceLineEndings(" ") + "\n");
        var ingest = await Run("events", "ingest", events);

        var finish = await Run("deploy", "finish", "evil\u001b[31mred\nPASS forged", "--env", "prod\u001b[2J", "--result", "success", "--at", "2026-11-26T11:30:00Z");
        var dora = await Run("dora", "--env", "all");
        var status = await Run("drill", "status");

        ingest.ExitCode.ShouldBe(0, ingest.Error);
        finish.ExitCode.ShouldBe(0, finish.Error);
        finish.Out.ShouldStartWith("finished github:deployment:7\\u001b[31m\\nPASS forged: success after 30 min");
        dora.ExitCode.ShouldBe(0, dora.Error);
        dora.Out.ShouldContain("evil\\u001b[31mred\\nPASS forged");
        status.ExitCode.ShouldBe(0, status.Error);
        status.Out.ShouldContain("evil\\u001b[31mred\\nPASS forged has no successful rollback drill on record");
        foreach (var run in (CliRun[])[ingest, finish, dora, status])
        {
            (run.Out + run.Error).ShouldNotContain('\u001b');
            run.Out.Split('\n').ShouldNotContain(line => line.StartsWith("PASS forged", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("chekout", "no N+2 floor for --service chekout: the ledger has no deploy of chekout; did you mean checkout?")]
    [InlineData("payments", "no N+2 floor for --service payments: the ledger has no deploy of payments (services deployed: checkout)")]
    public async Task Retention_ServiceNotInTheLedger_Exit3AsDoraSaysIt(string service, string message)
    {
        (await Run("events", "ingest", WorkedExample)).ExitCode.ShouldBe(0);

        // 127.0.0.1:9 answers nothing: a command that asked the registry would fail otherwise.
        var plan = await Run("retention", "plan", "--registry", "http://127.0.0.1:9", "--repository", "shop/checkout", "--keep", "1", "--service", service);
        var apply = await Run("retention", "apply", "--registry", "http://127.0.0.1:9", "--repository", "shop/checkout", "--keep", "1", "--service", service);

        foreach (var run in (CliRun[])[plan, apply])
        {
            run.ExitCode.ShouldBe(3, run.Out);
            run.Error.ShouldBe($"tollgate: error: {message}\n");
            run.Out.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task EventsIngest_Dash_ReadsStandardInputAsAFile()
    {
        var input = await CliRun.RunAsync(_dir, File.OpenRead(WorkedExample), "events", "ingest", "-");
        var again = await CliRun.RunAsync(_dir, new MemoryStream(File.ReadAllBytes(WorkedExample)), "events", "ingest", "-", "--ledger", Path.Combine(_dir, "other.db"));
        var bad = await CliRun.RunAsync(_dir, new MemoryStream(Encoding.UTF8.GetBytes("{\"context\": broken\n")), "events", "ingest", "-");
        var blank = await CliRun.RunAsync(_dir, new MemoryStream("\n\n"u8.ToArray()), "events", "ingest", "-");

        input.ExitCode.ShouldBe(0, input.Error);
        input.Out.ShouldBe("standard input: 11 recorded, 0 already recorded, 0 not delivery events\n");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.ShouldStartWith("standard input: 11 recorded");
        bad.ExitCode.ShouldBe(3);
        bad.Error.ShouldStartWith("tollgate: error: standard input:1: not JSON: ");
        blank.ExitCode.ShouldBe(3);
        blank.Error.ShouldBe("tollgate: error: standard input holds only blank lines: there are no events in it\n");
    }

    [Fact]
    public async Task DrillStatusText_MediumStaleBelowFailOn_PassSaysWhyThenFindingLinesAndDigest()
    {
        (await Run("events", "ingest", WorkedExample)).ExitCode.ShouldBe(0);
        (await Run("drill", "record", "api", "--result", "ok", "--at", "2026-11-20T00:00:00Z", "--new-service")).ExitCode.ShouldBe(0);

        var status = await Run("drill", "status");

        status.ExitCode.ShouldBe(0, status.Error);
        var lines = status.Out.Split('\n');
        lines[0].ShouldBe("PASS: no drill-stale finding at or above the policy's failOn (high); 1 of 2 services has no successful rollback drill within 30 days (medium)");
        lines.ShouldContain("  DRILL-STALE      medium   checkout has no successful rollback drill on record (policy: at most 30 days)");
        lines.ShouldContain(line => line.TrimStart() == "tollgate drill run checkout --rollback-cmd … --forward-cmd …");
        lines[^2].ShouldMatch("^digest sha256:[0-9a-f]{64}$");
        lines[^3].ShouldBeEmpty();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
