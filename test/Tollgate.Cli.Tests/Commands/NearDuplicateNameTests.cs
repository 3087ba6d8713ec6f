using Tollgate.Ledger;
using Tollgate.Testing;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>deploy start|run</c> and <c>drill record|run</c> refuse a service or environment that nearly duplicates one the
/// ledger knows (exit 3, one line, nothing recorded or run), record a genuinely new one, and record a near one with
/// <c>--new-service</c> / <c>--new-environment</c>.
/// </summary>
public sealed class NearDuplicateNameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-near-names-").FullName;

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(_dir, args);

    private async Task<IReadOnlyList<string>> RecordedAsync()
    {
        await using var ledger = await LedgerLocation.OpenExistingAsync(null, _dir, TimeProvider.System);
        var store = DeliveryStore.Of(ledger);
        return [.. (await store.DeploysAsync(null, null)).Select(d => $"{d.Service}/{d.Environment}"), .. (await store.DrillsAsync(null)).Select(d => $"drill {d.Service}")];
    }

    [Fact]
    public async Task DeployStart_EmptyLedgerThenANewService_BothRecorded()
    {
        var first = await Run("deploy", "start", "checkout", "--version", "v1", "--env", "production");
        var other = await Run("deploy", "start", "payments", "--version", "v1", "--env", "staging");

        first.ExitCode.ShouldBe(0, first.Error);
        other.ExitCode.ShouldBe(0, other.Error);
        (await RecordedAsync()).ShouldBe(["checkout/production", "payments/staging"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("chekout", "production", "unknown service 'chekout'; did you mean 'checkout'? pass --new-service to record a new one")]
    [InlineData("checkout", "prod", "unknown environment 'prod'; did you mean 'production'? pass --new-environment to record a new one")]
    [InlineData("Checkout", "stg", "unknown service 'Checkout'; did you mean 'checkout'? pass --new-service to record a new one")]
    public async Task DeployStart_NearAKnownName_Exit3OneLineAndNothingRecorded(string service, string environment, string message)
    {
        (await Run("deploy", "start", "checkout", "--version", "v1", "--env", "production")).ExitCode.ShouldBe(0);
        (await Run("deploy", "start", "checkout", "--version", "v1", "--env", "staging")).ExitCode.ShouldBe(0);

        var run = await Run("deploy", "start", service, "--version", "v2", "--env", environment);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {message}\n");
        run.Out.ShouldBeEmpty();
        (await RecordedAsync()).ShouldBe(["checkout/production", "checkout/staging"], ignoreOrder: true);
    }

    [Fact]
    public async Task DeployStart_NearNamesWithNewServiceAndNewEnvironment_Recorded()
    {
        (await Run("deploy", "start", "checkout", "--version", "v1", "--env", "production")).ExitCode.ShouldBe(0);

        var run = await Run("deploy", "start", "checkouts", "--version", "v1", "--env", "prod", "--new-service", "--new-environment");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("started checkouts/prod/v1@");
        (await RecordedAsync()).ShouldBe(["checkout/production", "checkouts/prod"], ignoreOrder: true);
    }

    [Fact]
    public async Task DeployRun_MistypedEnvironment_Exit3BeforeTheDeployCommandRunsOrAnythingIsRecorded()
    {
        File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);
        (await Run("deploy", "start", "web", "--version", "v1", "--env", "staging")).ExitCode.ShouldBe(0);

        var run = await Run("deploy", "run", "web", "--version", "v2", "--env", "stage", "--deploy-cmd", "touch deployed", "--rollback-cmd", "touch rolled-back",
            "--spec", "slo.yaml");

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldBe(
            "tollgate: error: unknown environment 'stage'; did you mean 'staging'? pass --new-environment to record a new one");
        File.Exists(Path.Combine(_dir, "deployed")).ShouldBeFalse("the deploy command must not run");
        (await RecordedAsync()).ShouldBe(["web/staging"]);
    }

    [Fact]
    public async Task DrillRecordAndRun_MistypedService_Exit3NoStepRunAndNothingRecorded()
    {
        (await Run("deploy", "start", "checkout", "--version", "v1", "--env", "production")).ExitCode.ShouldBe(0);

        var record = await Run("drill", "record", "chekout", "--result", "ok");
        var run = await Run("drill", "run", "checkotu", "--rollback-cmd", "touch rolled-back", "--forward-cmd", "touch forward");
        var allowed = await Run("drill", "record", "chekout", "--result", "ok", "--new-service");
        var known = await Run("drill", "record", "checkout", "--result", "failed");

        record.ExitCode.ShouldBe(3, record.Out);
        record.Error.ShouldBe("tollgate: error: unknown service 'chekout'; did you mean 'checkout'? pass --new-service to record a new one\n");
        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe("tollgate: error: unknown service 'checkotu'; did you mean 'checkout'? pass --new-service to record a new one\n");
        File.Exists(Path.Combine(_dir, "rolled-back")).ShouldBeFalse("no drill step may run");
        allowed.ExitCode.ShouldBe(0, allowed.Error);
        known.ExitCode.ShouldBe(0, known.Error);
        (await RecordedAsync()).ShouldBe(["checkout/production", "drill chekout", "drill checkout"], ignoreOrder: true);
    }

    /// <summary>A CDEvents service.deployed event of <paramref name="service"/> to <paramref name="environment"/>.</summary>
    private static string Deployed(string id, string service, string environment) =>
        $$$$"""{"context": {"specversion": "0.5.1", "id": "{{{{id}}}}", "source": "/deployctl", "type": "dev.cdevents.service.deployed.0.3.0", "timestamp": "2024-03-20T10:00:00Z"}, "subject": {"id": "service/{{{{service}}}}", "source": "/k8s", "content": {"environment": {"id": "{{{{environment}}}}"}, "artifactId": "pkg:oci/{{{{service}}}}@sha256%3Av1?tag=v1"}}}""";

    [Fact]
    public async Task EventsIngest_NearDuplicateNames_RecordsEveryEventAndWarnsInOneLine()
    {
        (await Run("events", "ingest", Repository.File("examples", "deploys", "worked-example.ndjson"))).ExitCode.ShouldBe(0);
        File.WriteAllLines(Path.Combine(_dir, "more.ndjson"),
            [Deployed("N1", "chekout", "production"), Deployed("N2", "checkout", "prod"), Deployed("N3", "inventory", "production"), Deployed("N4", "checkout", "production")]);

        var run = await Run("events", "ingest", "more.ndjson");
        var again = await Run("events", "ingest", "more.ndjson");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("more.ndjson: 4 recorded");
        run.Error.ShouldBe("tollgate: warning: services and environments new to the ledger nearly duplicate others: service chekout (checkout), environment prod (production); "
            + "their deploys are recorded as named (tollgate deploy start refuses such a name)\n");
        (await RecordedAsync()).ShouldContain("chekout/production");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Error.ShouldBeEmpty("the names are the ledger's own now");
    }

    [Fact]
    public async Task EventsIngest_IntoNoLedgerWithOnlyGenuineNames_NoWarning()
    {
        File.WriteAllLines(Path.Combine(_dir, "new.ndjson"), [Deployed("N1", "checkout", "production"), Deployed("N2", "payments", "staging")]);

        var run = await Run("events", "ingest", "new.ndjson");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        (await RecordedAsync()).ShouldBe(["checkout/production", "payments/staging"], ignoreOrder: true);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
