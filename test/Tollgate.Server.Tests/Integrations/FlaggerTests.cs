using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

public sealed class FlaggerTests
{
    private static StringContent Payload(string spec = "checkout", string checksum = "85d557f47b", string extra = "") =>
        new($$$"""{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"{{{checksum}}}","metadata":{"spec":"{{{spec}}}","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6"{{{extra}}}}}""", Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(10, "confirm-promotion", HttpStatusCode.OK)]
    [InlineData(80, "confirm-promotion", HttpStatusCode.Forbidden)]
    [InlineData(80, "rollback", HttpStatusCode.OK)]
    [InlineData(10, "rollback", HttpStatusCode.NotFound)]
    [InlineData(10, "rollout", HttpStatusCode.OK)]
    [InlineData(80, "rollout", HttpStatusCode.PreconditionFailed)]
    [InlineData(10, "confirm-traffic-increase", HttpStatusCode.OK)]
    [InlineData(80, "confirm-traffic-increase", HttpStatusCode.Forbidden)]
    public async Task Hook_JudgedCanary_AnswersWithTheStatusFlaggerReads(int canaryErrorsPerThousand, string hook, HttpStatusCode expected)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = canaryErrorsPerThousand;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync($"/api/v1/integrations/flagger/{hook}", Payload());

        answer.StatusCode.ShouldBe(expected, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ConfirmPromotion_PrometheusDown_KeepsWaitingWith403()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Down = true;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", Payload());

        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await answer.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"hold\"");
    }

    [Fact]
    public async Task PreRollout_PrometheusUpThenDown_200Then412()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var up = await server.Http.PostAsync("/api/v1/integrations/flagger/pre-rollout", Payload());
        prometheus.Down = true;
        using var down = await server.Http.PostAsync("/api/v1/integrations/flagger/pre-rollout", Payload());

        up.StatusCode.ShouldBe(HttpStatusCode.OK);
        down.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await down.Content.ReadAsStringAsync()).ShouldContain("Prometheus is not ready");
    }

    [Fact]
    public async Task PreRollout_ManifestsInMetadata_UnsafeRefusedWith412SafeReadyAndTheLintRecorded()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = Ledgers.TempSqlite();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        string Manifests(string dir) => ",\"manifests\":" + System.Text.Json.JsonSerializer.Serialize(File.ReadAllText(Path.Combine(root, "examples", "k8s", dir, "checkout.yaml")));

        using var unsafeRollout = await server.Http.PostAsync("/api/v1/integrations/flagger/pre-rollout", Payload(extra: Manifests("unsafe")));
        using var safeRollout = await server.Http.PostAsync("/api/v1/integrations/flagger/pre-rollout", Payload(extra: Manifests("safe")));
        using var verdicts = await server.Http.GetAsync("/api/v1/verdicts?kind=k8s-lint");

        unsafeRollout.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await unsafeRollout.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"fail\"");
        safeRollout.StatusCode.ShouldBe(HttpStatusCode.OK, await safeRollout.Content.ReadAsStringAsync());
        var recorded = System.Text.Json.JsonDocument.Parse(await verdicts.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        recorded.GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("ledger")] // a Deployment named ledger was answered 503 "Ledger unavailable"
    public async Task PreRollout_ManifestsThatDoNotRead_400NamingTheFieldAndLineNothingRecorded(string name)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var manifests = $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: three\n";

        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/pre-rollout", Payload(extra: ",\"manifests\":" + System.Text.Json.JsonSerializer.Serialize(manifests)));
        using var verdicts = await server.Http.GetAsync("/api/v1/verdicts?kind=k8s-lint");

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("field").GetString().ShouldBe("metadata.manifests");
        problem.GetProperty("detail").GetString().ShouldBe($"metadata.manifests: line 5: Deployment shop/{name}: spec.replicas must be an integer, not 'three'");
        System.Text.Json.JsonDocument.Parse(await verdicts.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Hook_UnknownSpecOrHook_404AndBadMetadata_400NamingTheField()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var unknownSpec = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", Payload(spec: "payments"));
        using var unknownHook = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-rollouts", Payload());
        using var badHash = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", new StringContent("""{"name":"c","namespace":"s","metadata":{"spec":"checkout","latestHash":"x\"}"}}""", Encoding.UTF8, "application/json"));
        using var noSpec = await server.Http.PostAsync("/api/v1/integrations/flagger/rollback", new StringContent("""{"name":"c","namespace":"s","metadata":{}}""", Encoding.UTF8, "application/json"));
        // Read as its last value before: the rollback judged payments' spec (or, here, answered 404 for it).
        using var specTwice = await server.Http.PostAsync("/api/v1/integrations/flagger/rollback", new StringContent("""{"name":"c","namespace":"s","metadata":{"spec":"checkout","spec":"payments"}}""", Encoding.UTF8, "application/json"));

        unknownSpec.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknownSpec.Content.ReadAsStringAsync()).ShouldContain("unknown spec 'payments'");
        unknownHook.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknownHook.Content.ReadAsStringAsync()).ShouldContain("no Flagger hook 'confirm-rollouts' (confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, rollback, post-rollout, event)");
        badHash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badHash.Content.ReadAsStringAsync()).ShouldContain("\"field\":\"metadata.latestHash\"");
        noSpec.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noSpec.Content.ReadAsStringAsync()).ShouldContain("\"field\":\"metadata.spec\"");
        specTwice.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var twice = await specTwice.Content.ReadFromJsonAsync<JsonElement>();
        twice.GetProperty("field").GetString().ShouldBe("body");
        twice.GetProperty("detail").GetString().ShouldBe("body: not JSON: the key 'spec' appears twice in one object: give each field once");
    }

    [Theory]
    [InlineData(""","at":"" """, "metadata.at", "metadata.at: must not be empty: give the end of the window judged, or leave it out for now")]
    [InlineData(""","at":"  " """, "metadata.at", "metadata.at: must not be empty: give the end of the window judged, or leave it out for now")]
    [InlineData(""","at":"2026-12-08T02:42:03" """, "metadata.at", "metadata.at: 2026-12-08T02:42:03 names no time-zone offset: RFC 3339 needs one (2026-01-10T10:00:00Z, or +02:00 after the time), else the window judged is read in a zone the sender may not have meant")]
    [InlineData(""","at":"0" """, "metadata.at", "metadata.at: 0 ends a 5m window that would start before 1970-01-01T00:00:00Z: give the end of a window with data, or leave at out for now")]
    [InlineData(""","stableHash":"" """, "metadata.stableHash", "metadata.stableHash: '' is not a pod-template hash (letters, digits, '-', '_', '.'; at most 63)")]
    public async Task Hook_MetadataGivenEmpty_400AsOnTheArgoRoute_NotJudgedAsLeftOut(string extra, string field, string detail)
    {
        // A metadata value left empty is a template not filled: judged as if left out, "at" judged now and an empty
        // stableHash the spec's selector without the baseline's hash, both verdicts on another window or pods than meant.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        // The key given twice would be refused as such, so the default stableHash is left out when the case gives it.
        var payload = Payload(extra: extra.TrimEnd());
        if (field == "metadata.stableHash")
        {
            payload = new StringContent("""{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"85d557f47b","metadata":{"spec":"checkout","latestHash":"7c9d5f8b6","stableHash":""}}""", Encoding.UTF8, "application/json");
        }

        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", payload);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString().ShouldBe(detail);
        prometheus.Queries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Event_SentTwice_RecordedOnce()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        const string extra = ""","eventType":"Normal","eventMessage":"Advance checkout.shop canary weight 10","timestamp":"1767225600000" """;

        using var first = await server.Http.PostAsync("/api/v1/integrations/flagger/event", Payload(extra: extra.TrimEnd()));
        using var second = await server.Http.PostAsync("/api/v1/integrations/flagger/event", Payload(extra: extra.TrimEnd()));
        using var nextRevision = await server.Http.PostAsync("/api/v1/integrations/flagger/event", Payload(checksum: "9a1b2c3d4e", extra: extra.TrimEnd()));

        (await first.Content.ReadAsStringAsync()).ShouldBe("""{"recorded":true}""");
        (await second.Content.ReadAsStringAsync()).ShouldStartWith("""{"recorded":false""");
        (await nextRevision.Content.ReadAsStringAsync()).ShouldBe("""{"recorded":true}""");
    }

    [Theory]
    [InlineData("99999999999999999")]
    [InlineData("-99999999999999999")]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("1767225600000.5")]
    public async Task Event_TimestampNotATime_400NamingTheField_NothingRecordedNorAnErrorLogged(string timestamp)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var extra = $$""","eventType":"Normal","eventMessage":"Advance checkout.shop canary weight 10","timestamp":"{{timestamp}}" """;

        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/event", Payload(extra: extra.TrimEnd()));
        using var valid = await server.Http.PostAsync("/api/v1/integrations/flagger/event", Payload(extra: extra.Replace(timestamp, "1767225600000", StringComparison.Ordinal).TrimEnd()));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await answer.Content.ReadAsStringAsync());
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("field").GetString().ShouldBe("metadata.timestamp");
        problem.GetProperty("detail").GetString().ShouldBe($"metadata.timestamp: '{timestamp}' is not a time: Flagger sends whole milliseconds since 1970, up to year 9999");
        server.LogLines.ShouldNotContain(line => line.Contains("Exception", StringComparison.Ordinal));
        (await valid.Content.ReadAsStringAsync()).ShouldBe("""{"recorded":true}""", "the refused event was not recorded");
    }
}
