using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary><c>tollgate deploy start|finish</c>, <c>events ingest</c> and <c>dora</c> end to end on a SQLite ledger.</summary>
public sealed class DeliveryCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-delivery-cli-").FullName;

    private static readonly string WorkedExample = Repository.File("examples", "deploys", "worked-example.ndjson");

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(_dir, args);

    private static readonly string[] Window = ["--from", "2024-03-04T00:00:00Z", "--to", "2024-03-18T00:00:00Z"];

    [Fact]
    public async Task DoraJson_WorkedExampleIngestedTwice_GivesTheReferenceValuesOnce()
    {
        var first = await Run("events", "ingest", WorkedExample);
        var second = await Run("events", "ingest", WorkedExample);
        var dora = await Run(["dora", .. Window, "--format", "json"]);

        first.ExitCode.ShouldBe(0, first.Error);
        first.Out.ShouldContain("11 recorded, 0 already recorded");
        second.Out.ShouldContain("0 recorded, 11 already recorded");
        dora.ExitCode.ShouldBe(0, dora.Error);
        var service = JsonDocument.Parse(dora.Out).RootElement.GetProperty("services")[0];
        service.GetProperty("service").GetString().ShouldBe("checkout");
        service.GetProperty("deployments").GetInt32().ShouldBe(7);
        service.GetProperty("deploymentsPerDay").GetDouble().ShouldBe(0.5);
        service.GetProperty("leadTimeForChangesHours").GetProperty("median").GetDouble().ShouldBe(2);
        service.GetProperty("leadTimeForChangesHours").GetProperty("p90").GetDouble().ShouldBe(13.1, 1e-6);
        service.GetProperty("changeFailureRate").GetDouble().ShouldBe(2.0 / 7, 1e-6);
        service.GetProperty("failedDeploymentRecoveryMinutes").GetProperty("median").GetDouble().ShouldBe(115);
        service.GetProperty("deploymentReworkRate").GetDouble().ShouldBe(2.0 / 7, 1e-6);
        service.GetProperty("level").GetProperty("deploymentFrequency").GetString().ShouldBe("high");
        service.GetProperty("level").GetProperty("leadTimeForChanges").GetString().ShouldBe("elite");
        service.GetProperty("weakest").GetString().ShouldBe("changeFailureRate");
        service.GetProperty("definitions").GetProperty("recovery").GetString().ShouldBe("failed deploy finished -> remediating deploy finished");
    }

    [Theory]
    [InlineData("\"D6\"", "\"D\\ud800\"")]
    [InlineData("\"D6\"", "\"D\xff\"")]
    public async Task EventsIngest_LaterLineNotText_Exit3AndTheLedgerAsBefore(string field, string written)
    {
        // Lines 1-5 recorded first; then the whole file with line 8 (D6) no text: nothing of it recorded, line 6 on either.
        var lines = File.ReadAllLines(WorkedExample);
        var first = Path.Combine(_dir, "first.ndjson");
        var bad = Path.Combine(_dir, "bad.ndjson");
        File.WriteAllLines(first, lines[..5]);
        var badLine = System.Text.Encoding.Latin1.GetBytes(lines[7].Replace(field, written, StringComparison.Ordinal));
        File.WriteAllBytes(bad, [.. System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines[..7]) + "\n"), .. badLine, .. System.Text.Encoding.UTF8.GetBytes("\n" + string.Join("\n", lines[8..]) + "\n")]);

        (await Run("events", "ingest", first)).Out.ShouldContain("5 recorded, 0 already recorded");
        var refused = await Run("events", "ingest", bad);
        var again = await Run("events", "ingest", WorkedExample);

        refused.ExitCode.ShouldBe(3, refused.Out);
        refused.Error.ShouldStartWith($"tollgate: error: {bad}:8: not ");
        refused.Error.ShouldNotContain("internal error");
        again.Out.ShouldContain("6 recorded, 5 already recorded");
    }

    [Fact]
    public async Task EventsIngest_Timings_NamesEveryStageOnStderrOnly()
    {
        var run = await Run("events", "ingest", WorkedExample, "--timings");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("11 recorded");
        run.Out.ShouldNotContain("timings");
        run.Error.ShouldStartWith("timings: read ");
        foreach (var stage in (string[])["parse", "write", "days", "commit"])
        {
            run.Error.ShouldContain($", {stage} ");
        }
    }

    [Fact]
    public async Task DoraText_DevLakeDefinitions_StateThemAndChangeRecoveryTime()
    {
        await Run("events", "ingest", WorkedExample);

        var dora = await Run(["dora", .. Window, "--definitions", "devlake"]);

        dora.ExitCode.ShouldBe(0, dora.Error);
        dora.Out.ShouldContain("55 min");
        dora.Out.ShouldContain("recovery: failed deploy finished -> incident resolved");
        dora.Out.ShouldContain("weakest");
    }

    [Fact]
    public async Task DeployStartFinish_Backfilled_CountInDora()
    {
        (await Run("deploy", "start", "api", "--version", "v1", "--env", "production", "--at", "2024-03-05T10:00:00Z", "--changes", "c1@2024-03-05T06:00:00Z")).ExitCode.ShouldBe(0);
        var finish = await Run("deploy", "finish", "api", "--env", "production", "--result", "success", "--at", "2024-03-05T10:10:00Z");
        (await Run("deploy", "start", "api", "--version", "v2", "--env", "production", "--at", "2024-03-06T10:00:00Z")).ExitCode.ShouldBe(0);
        (await Run("deploy", "finish", "api", "--env", "production", "--result", "failed", "--at", "2024-03-06T10:05:00Z")).ExitCode.ShouldBe(0);

        var dora = await Run(["dora", .. Window, "--format", "json", "--service", "api"]);

        finish.Out.ShouldContain("finished api/production/v1@");
        var service = JsonDocument.Parse(dora.Out).RootElement.GetProperty("services")[0];
        service.GetProperty("deployments").GetInt32().ShouldBe(2);
        service.GetProperty("changeFailureRate").GetDouble().ShouldBe(0.5);
        service.GetProperty("leadTimeForChangesHours").GetProperty("median").GetDouble().ShouldBe(4 + 1.0 / 6, 1e-6);
    }

    [Fact]
    public async Task DoraText_OnlyFailuresNoneRecovered_SaysSoInsteadOfABlankRecovery()
    {
        foreach (var (version, day) in new[] { ("v1", "05"), ("v2", "06") })
        {
            (await Run("deploy", "start", "api", "--version", version, "--env", "production", "--at", $"2024-03-{day}T10:00:00Z")).ExitCode.ShouldBe(0);
            (await Run("deploy", "finish", "api", "--env", "production", "--result", "failed", "--at", $"2024-03-{day}T10:05:00Z")).ExitCode.ShouldBe(0);
        }

        var dora = await Run(["dora", .. Window]);

        dora.ExitCode.ShouldBe(0, dora.Error);
        dora.Out.ShouldContain("100.0 %");
        dora.Out.ShouldContain("\napi: 2 failed deploys not recovered yet (no successful remediation recorded), left out of the recovery median\n");
    }

    [Fact]
    public async Task DoraText_LongAndCjkServiceNames_ColumnsLineUp()
    {
        // Before: a name over 24 characters pushed its row right, and 日本語サービス was padded as 7 columns, not 14.
        string[] names = ["payments-gateway-eu-central-1-blue-green", "日本語サービス", "api"];
        foreach (var name in names)
        {
            (await Run("deploy", "start", name, "--version", "v1", "--env", "production", "--at", "2024-03-05T10:00:00Z", "--new-service")).ExitCode.ShouldBe(0);
            (await Run("deploy", "finish", name, "--env", "production", "--result", "success", "--at", "2024-03-05T10:10:00Z")).ExitCode.ShouldBe(0);
        }

        var dora = await Run(["dora", .. Window]);

        dora.ExitCode.ShouldBe(0, dora.Error);
        var lines = dora.Out.Split('\n');
        var header = lines.Single(l => l.StartsWith("service ", StringComparison.Ordinal));
        var rows = lines.Where(l => names.Any(n => l.StartsWith(n + " ", StringComparison.Ordinal)) || l.StartsWith("(all services) ", StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBe(4);
        // The end of the deploys column, in terminal columns (a kana or kanji takes two).
        static int Columns(string text) => text.Sum(c => c is >= '\u3000' and <= '\u9fff' ? 2 : 1);
        var deploysEnd = header.IndexOf("deploys", StringComparison.Ordinal) + "deploys".Length;
        rows.Select(row => Columns(System.Text.RegularExpressions.Regex.Match(row, @"^.*?\s+\d+").Value)).ShouldAllBe(end => end == deploysEnd, dora.Out);
    }

    [Fact]
    public async Task DoraText_ServiceNameWithEscapesAndANewline_ShownOnItsOwnRowEscaped()
    {
        // An event's service name is the sender's text: printed raw, it recoloured the terminal and forged a row.
        var events = Path.Combine(_dir, "forged.ndjson");
        File.WriteAllText(events, File.ReadLines(WorkedExample).First().Replace("service/checkout", "service/check\\u001b[31mout\\nPASS forged", StringComparison.Ordinal) + "\n");
        (await Run("events", "ingest", events)).ExitCode.ShouldBe(0);

        var dora = await Run(["dora", .. Window]);

        dora.ExitCode.ShouldBe(0, dora.Error);
        dora.Out.ShouldNotContain('\u001b');
        dora.Out.ShouldContain("\ncheck\\u001b[31mout\\nPASS forged ");
        dora.Out.Split('\n').ShouldNotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DrillStatusText_ServiceNameWithEscapesAndANewline_ShownOnItsOwnRowEscaped()
    {
        // A service the ledger knows from an ingested event: printed raw, its name recoloured the terminal and forged a row.
        var events = Path.Combine(_dir, "forged.ndjson");
        File.WriteAllText(events, File.ReadLines(WorkedExample).First().Replace("service/checkout", "service/check\\u001b[31mout\\nPASS forged", StringComparison.Ordinal) + "\n");
        (await Run("events", "ingest", events)).ExitCode.ShouldBe(0);

        var status = await Run("drill", "status");

        status.Error.ShouldBeEmpty();
        status.Out.ShouldNotContain('\u001b');
        status.Out.ShouldContain("\ncheck\\u001b[31mout\\nPASS forged ");
        status.Out.Split('\n').ShouldNotContain(line => line.StartsWith("PASS forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployFinish_NothingRunning_IsExit3()
    {
        (await Run("deploy", "start", "api", "--version", "v1", "--env", "staging")).ExitCode.ShouldBe(0);

        var run = await Run("deploy", "finish", "api", "--env", "production", "--result", "success");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("no running deploy of api in production");
    }

    [Theory]
    [InlineData("--service", "chekout", "nothing to measure: the ledger has no deploy of chekout; did you mean checkout?")]
    [InlineData("--env", "prod", "nothing to measure: no service has a deploy to prod (environments: production); did you mean --env production?")]
    [InlineData("--service", "payments", "nothing to measure: the ledger has no deploy of payments (services deployed: checkout)")]
    public async Task Dora_ServiceOrEnvironmentNotInTheLedger_Exit3SayingWhatItHolds(string option, string value, string message)
    {
        (await Run("events", "ingest", WorkedExample)).ExitCode.ShouldBe(0);

        var dora = await Run(["dora", .. Window, option, value]);
        var empty = await Run(["dora", "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-15T00:00:00Z", "--format", "json"]);

        dora.ExitCode.ShouldBe(3, dora.Out);
        dora.Error.ShouldBe($"tollgate: error: {message}\n");
        dora.Out.ShouldBeEmpty();
        empty.ExitCode.ShouldBe(0, empty.Error);
        JsonDocument.Parse(empty.Out).RootElement.GetProperty("overall").GetProperty("deployments").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("--service", "checkout", "nothing to measure: the ledger has no deploy of checkout (it holds no deploys)")]
    [InlineData("--env", "prod", "nothing to measure: no service has a deploy to prod (the ledger holds no deploys)")]
    public async Task Dora_LedgerWithNoDeploy_NamedServiceOrEnvironmentIsExit3_PlainDoraIsZeros(string option, string value, string message)
    {
        // A ledger holding a plan verdict and no deploy: a named service or environment is a typo as surely as beside deploys.
        (await Run("plan", Repository.File("examples", "terraform", "rename"))).ExitCode.ShouldNotBe(3);

        var dora = await Run(["dora", .. Window, option, value]);
        var plain = await Run(["dora", .. Window, "--format", "json"]);

        dora.ExitCode.ShouldBe(3, dora.Out);
        dora.Error.ShouldBe($"tollgate: error: {message}\n");
        dora.Out.ShouldBeEmpty();
        plain.ExitCode.ShouldBe(0, plain.Error);
        JsonDocument.Parse(plain.Out).RootElement.GetProperty("overall").GetProperty("deployments").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("svc999", "nothing to measure: the ledger has no deploy of svc999 (services deployed: svc001, svc099)")]
    [InlineData("svc09", "nothing to measure: the ledger has no deploy of svc09 (services deployed: svc001, svc099)")]
    [InlineData("svc-099", "nothing to measure: the ledger has no deploy of svc-099; did you mean svc099?")]
    public async Task Dora_ServiceDifferingOnlyInDigits_IsANumberedSiblingNotATypo(string service, string message)
    {
        (await Run("deploy", "start", "svc001", "--env", "production", "--version", "v1")).ExitCode.ShouldBe(0);
        (await Run("deploy", "start", "svc099", "--env", "production", "--version", "v1")).ExitCode.ShouldBe(0);

        var dora = await Run("dora", "--service", service);

        dora.ExitCode.ShouldBe(3, dora.Out);
        dora.Error.ShouldBe($"tollgate: error: {message}\n");
    }

    [Theory]
    [InlineData("chekout", "production", "the ledger has no deploy of chekout; did you mean checkout?")]
    [InlineData("checkout", "prod", "checkout has no deploy to prod (it is deployed to production); did you mean --env production?")]
    public async Task DeployFinishAndWatch_MistypedServiceOrEnvironment_Exit3DidYouMean(string service, string env, string why)
    {
        (await Run("events", "ingest", WorkedExample)).ExitCode.ShouldBe(0);
        var spec = Path.Combine(_dir, "slo.yaml");
        File.WriteAllText(spec, DeliveryRefusalTests.Spec);

        var finish = await Run("deploy", "finish", service, "--env", env, "--result", "success");
        var watch = await Run("deploy", "watch", service, "--env", env, "--spec", spec, "--prometheus", "http://127.0.0.1:9");

        finish.ExitCode.ShouldBe(3, finish.Out);
        finish.Error.ShouldBe($"tollgate: error: no running deploy of {service} in {env}: {why}\n");
        watch.ExitCode.ShouldBe(3, watch.Out);
        watch.Error.ShouldBe($"tollgate: error: no deploy of {service} in {env} is recorded: {why}\n");
    }

    [Theory]
    [InlineData("deploy", "finish", "api", "--env", "production", "--result", "success")]
    [InlineData("deploy", "watch", "api", "--env", "production", "--spec", "SPEC")]
    [InlineData("dora")]
    [InlineData("drill", "status")]
    [InlineData("retention", "plan", "--registry", "http://127.0.0.1:9", "--repository", "shop/api", "--keep", "3")]
    public async Task ReadingCommands_LedgerNotThere_Exit3NamingItAndMakeNone(params string[] args)
    {
        var spec = Path.Combine(_dir, "slo.yaml");
        File.WriteAllText(spec, DeliveryRefusalTests.Spec);
        args = args.Select(a => a == "SPEC" ? spec : a).ToArray();

        var byDefault = await Run(args);
        var mistyped = await Run([.. args, "--ledger", "ledgr.db"]);

        byDefault.ExitCode.ShouldBe(3, byDefault.Error);
        byDefault.Error.ShouldBe($"tollgate: error: there is no ledger in {_dir} (.tollgate/ledger.db): nothing has been recorded here; run where the records are or pass --ledger\n");
        mistyped.ExitCode.ShouldBe(3, mistyped.Error);
        mistyped.Error.ShouldBe($"tollgate: error: --ledger ledgr.db: there is no ledger at {Path.Combine(_dir, "ledgr.db")}; nothing has been recorded there\n");
        Directory.Exists(Path.Combine(_dir, ".tollgate")).ShouldBeFalse();
        File.Exists(Path.Combine(_dir, "ledgr.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task DeployFinish_AtBeforeTheStart_IsExit3AndRecordsNothing()
    {
        (await Run("deploy", "start", "api", "--version", "v1", "--env", "production", "--at", "2024-03-05T10:00:00Z")).ExitCode.ShouldBe(0);

        var early = await Run("deploy", "finish", "api", "--env", "production", "--result", "success", "--at", "2024-03-04T10:00:00Z");
        var dora = await Run(["dora", .. Window, "--format", "json"]);
        var later = await Run("deploy", "finish", "api", "--env", "production", "--result", "success", "--at", "2024-03-05T10:30:00Z");

        early.ExitCode.ShouldBe(3);
        early.Out.ShouldBeEmpty();
        early.Error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith("tollgate: error: api/production/v1@");
        early.Error.ShouldContain("a deploy cannot finish before it starts");
        JsonDocument.Parse(dora.Out).RootElement.GetProperty("overall").GetProperty("deployments").GetInt32().ShouldBe(0);
        later.ExitCode.ShouldBe(0, "the deploy is still running after the refused finish");
        later.Out.ShouldContain("success after 30 min");
    }

    [Fact]
    public async Task DeployRun_WindowNotWholeIntervals_Exit3BeforeTheDeployRunsOrIsRecorded()
    {
        File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

        var run = await Run("deploy", "run", "web", "--version", "v2", "--env", "staging", "--deploy-cmd", "touch deployed", "--rollback-cmd", "touch rolled-back",
            "--spec", "slo.yaml", "--window", "30s");

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldBe("tollgate: error: --window 30s must be a whole number of the spec's interval (1m)");
        File.Exists(Path.Combine(_dir, "deployed")).ShouldBeFalse("the deploy command must not run");
        File.Exists(Path.Combine(_dir, "rolled-back")).ShouldBeFalse();
        Directory.Exists(Path.Combine(_dir, ".tollgate")).ShouldBeFalse("nothing is recorded: no ledger is made");
    }

    [Fact]
    public async Task EventsIngest_BadLineAfterGoodOnes_RecordsNothingOfTheFileAndKeepsEarlierRecords()
    {
        await Run("events", "ingest", WorkedExample);
        var bad = Path.Combine(_dir, "bad.ndjson");
        var good = File.ReadLines(WorkedExample).First().Replace("\"D1\"", "\"D100\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(bad, good + "\n{\"context\": broken\n");

        var run = await Run("events", "ingest", bad);
        var dora = await Run(["dora", .. Window, "--format", "json"]);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"tollgate: error: {bad}:2: not JSON");
        JsonDocument.Parse(dora.Out).RootElement.GetProperty("overall").GetProperty("deployments").GetInt32().ShouldBe(7);
    }

    [Fact]
    public async Task EventsIngest_EventAheadOfTheClock_Exit3NamingTheLineAndRecordsNothingOfTheFile()
    {
        // the CLI's clock is 2026-11-26T12:00:00Z: a deploy at 12:04 is another clock a little fast, one at 12:06 is the future
        await Run("events", "ingest", WorkedExample);
        var first = File.ReadLines(WorkedExample).First();
        string At(string id, string time) =>
            System.Text.RegularExpressions.Regex.Replace(first.Replace("\"D1\"", $"\"{id}\"", StringComparison.Ordinal), "\"timestamp\":\\s*\"[^\"]*\"", $"\"timestamp\":\"{time}\"");
        var file = Path.Combine(_dir, "ahead.ndjson");
        await File.WriteAllTextAsync(file, At("D100", "2026-11-26T12:04:00Z") + "\n" + At("D101", "2026-11-26T12:06:00Z") + "\n");

        var run = await Run("events", "ingest", file);
        var dora = await Run(["dora", .. Window, "--format", "json"]);
        await File.WriteAllTextAsync(file, At("D100", "2026-11-26T12:04:00Z") + "\n");
        var skewed = await Run("events", "ingest", file);

        run.ExitCode.ShouldBe(3);
        run.Error.TrimEnd().Split('\n').ShouldHaveSingleItem()
            .ShouldBe($"tollgate: error: {file}:2: the event time 2026-11-26T12:06:00Z is in the future (now is 2026-11-26T12:00:00Z, 5 minutes of clock skew allowed): events record what already happened");
        JsonDocument.Parse(dora.Out).RootElement.GetProperty("overall").GetProperty("deployments").GetInt32().ShouldBe(7);
        skewed.ExitCode.ShouldBe(0);
        skewed.Out.ShouldStartWith($"{file}: 1 recorded");
    }

    [Fact]
    public async Task DrillStatus_PolicyNamesDrillStale_SeverityAndExceptionDecide()
    {
        (await Run("drill", "record", "api", "--result", "ok", "--at", "2024-01-01T00:00:00Z")).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(_dir, "strict.yaml"), "rules:\n  drill-stale:\n    severity: high\n    maxDrillAgeDays: 7\n");
        File.WriteAllText(Path.Combine(_dir, "excepted.yaml"),
            "rules:\n  drill-stale:\n    severity: high\n    maxDrillAgeDays: 7\nexceptions:\n  - rule: drill-stale\n    address: api\n    reason: retired service\n    owner: sre\n    expires: 2099-01-01\n");

        var strict = await Run("drill", "status", "--policy", "strict.yaml");
        var excepted = await Run("drill", "status", "--policy", "excepted.yaml", "--format", "json");

        strict.ExitCode.ShouldBe(1, strict.Error);
        strict.Out.ShouldStartWith("FAIL: 1 of 1 service without a successful rollback drill within 7 days");
        excepted.ExitCode.ShouldBe(0, excepted.Error);
        JsonDocument.Parse(excepted.Out).RootElement.GetProperty("reason").GetString()
            .ShouldBe("the one service had a successful rollback drill within 7 days or is excepted by policy (1)");
        JsonDocument.Parse(excepted.Out).RootElement.GetProperty("findings")[0].GetProperty("suppression").GetProperty("owner").GetString().ShouldBe("sre");
        JsonDocument.Parse(excepted.Out).RootElement.GetProperty("digest").GetString()!.ShouldMatch("^sha256:[0-9a-f]{64}$");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
