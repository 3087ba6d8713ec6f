using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Reports;
using Tollgate.Reports;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

public sealed class ServiceRoutesTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private static readonly string Checkout = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    [Fact]
    public async Task Verdicts_FilteredAndPaged_NewestFirstWithACursor()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        for (var i = 0; i < 3; i++)
        {
            (await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json"))).Dispose();
        }

        (await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"))).Dispose();

        var first = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts?kind=canary&limit=2");
        var next = first.GetProperty("next").GetString();
        var second = await server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/verdicts?kind=canary&limit=2&cursor={next}");
        var reviews = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts?verdict=review");
        var one = await server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/verdicts/{reviews.GetProperty("items")[0].GetProperty("id").GetInt64()}");
        using var bad = await server.Http.GetAsync("/api/v1/verdicts?verdict=maybe");
        using var missing = await server.Http.GetAsync("/api/v1/verdicts/999999");

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        ids.Count.ShouldBe(3);
        ids.ShouldBe(ids.OrderDescending().ToList());
        second.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("items")[0].GetProperty("subject").GetString().ShouldBe("checkout");
        reviews.GetProperty("items").GetArrayLength().ShouldBe(1);
        one.GetProperty("findings").GetArrayLength().ShouldBe(13);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"field\":\"verdict\"");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Canary")]
    [InlineData("%20CANARY%20")]
    public async Task Verdicts_KindInAnotherCase_FiltersAsTheRecordedKindAsTheCliDoes(string kind)
    {
        // Was 400 "'Canary' is not a kind Tollgate records", where tollgate verdicts --kind Canary listed the canary verdicts.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        (await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json"))).Dispose();
        (await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"))).Dispose();

        using var answer = await server.Http.GetAsync($"/api/v1/verdicts?kind={kind}");
        var page = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK, page.ToString());
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ShouldBe(["canary"]);
    }

    [Theory]
    [InlineData("Review")]
    [InlineData("%20REVIEW%20")]
    public async Task Verdicts_VerdictInAnotherCase_FiltersAsTheRecordedVerdictAsTheCliDoes(string verdict)
    {
        // Was 400 "'Review' is not pass, fail, review or hold", where tollgate verdicts --verdict Review listed the reviews.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        (await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json"))).Dispose();
        (await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"))).Dispose();

        using var answer = await server.Http.GetAsync($"/api/v1/verdicts?verdict={verdict}");
        var page = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK, page.ToString());
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("verdict").GetString()).ShouldBe(["review"]);
    }

    [Fact]
    public async Task Analysis_ManyAtOnceOnSqlite_EachRecordedOnce()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json"))));
        var verdicts = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetString()));
        var page = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts?kind=canary&limit=100");

        verdicts.ShouldAllBe(v => v == "pass");
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(40);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("sarif")]
    public async Task Plans_Format_IsTheSameRendererAsTheCli(string format)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var json = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));
        using var rendered = await server.Http.PostAsync($"/api/v1/plans?format={format}", new StringContent(Plan, Encoding.UTF8, "application/json"));
        var text = await rendered.Content.ReadAsStringAsync();

        rendered.StatusCode.ShouldBe(HttpStatusCode.OK);
        var digest = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("digest").GetString()!;
        text.ShouldContain(digest[7..19]);
        if (format == "sarif")
        {
            JsonDocument.Parse(text).RootElement.GetProperty("version").GetString().ShouldBe("2.1.0");
            text.ShouldContain("\"ruleId\": \"destroy\"");
        }
        else
        {
            text.ShouldStartWith(MarkdownReport.Render(new Report("terraform-plan", "plan.json", digest, Domain.Verdicts.Verdict.Review, [], [])).Split('\n')[0][..10]);
        }
    }

    [Fact]
    public async Task Plans_Sarif_SourceRootIsDescribedWithoutTheServersUploadDirectory()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var rendered = await server.Http.PostAsync("/api/v1/plans?format=sarif", new StringContent(Plan, Encoding.UTF8, "application/json"));
        var text = await rendered.Content.ReadAsStringAsync();

        rendered.StatusCode.ShouldBe(HttpStatusCode.OK);
        var root = JsonDocument.Parse(text).RootElement.GetProperty("runs")[0].GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%");
        root.TryGetProperty("uri", out _).ShouldBeFalse();
        root.GetProperty("description").GetProperty("text").GetString()!.ShouldStartWith("The uploaded files, named as the client named them");
        text.ShouldNotContain("file://");
    }

    [Theory]
    [InlineData("verdcit=fail", "verdcit", "unknown parameter; did you mean 'verdict'?")]
    [InlineData("subject=", "subject", "is empty: give a value, or leave the parameter out")]
    [InlineData("limit=", "limit", "is empty: give a value, or leave the parameter out")]
    [InlineData("kind=canary&kind=plan", "kind", "given more than once: give it once")]
    [InlineData("kind=terraform_plan", "kind", "'terraform_plan' is not a kind Tollgate records (terraform-plan, terraform-graph, terraform-state-split, canary, rollout, k8s-lint, deploy, drill-status, retention, model-register, model-import, model-promote, model-rollback, model-drill, model-shadow, model-drift, model-skew, model-trend); did you mean 'terraform-plan'?")]
    [InlineData("kind=plan", "kind", "'plan' is not a kind Tollgate records (terraform-plan, terraform-graph, terraform-state-split, canary, rollout, k8s-lint, deploy, drill-status, retention, model-register, model-import, model-promote, model-rollback, model-drill, model-shadow, model-drift, model-skew, model-trend)")]
    [InlineData("verdict=passed", "verdict", "'passed' is not a verdict Tollgate records (pass, fail, review, hold); did you mean 'pass'?")]
    [InlineData("verdict=maybe", "verdict", "'maybe' is not a verdict Tollgate records (pass, fail, review, hold)")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from", "2026-12-02T00:00:00Z is after to (2026-12-01T00:00:00Z): no verdict can be in that window")]
    public async Task Verdicts_QueryThatWouldListEverythingOrNothing_400NamingTheParameter(string query, string field, string detail)
    {
        // Each was 200: every verdict unfiltered, or (from after to) none.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.GetAsync($"/api/v1/verdicts?{query}");
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
    }

    [Fact]
    public async Task Plans_Utf8ByteOrderMark_JudgedAsWithout()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        using var marked = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Plan)]);
        marked.Headers.ContentType = new("application/json");

        using var plain = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));
        using var answer = await server.Http.PostAsync("/api/v1/plans", marked);

        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("digest").GetString()
            .ShouldBe((await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("digest").GetString());
    }

    [Theory]
    [InlineData("PK\u0003\u0004binary", "body")]
    [InlineData("", "body")]
    [InlineData("{\"format_version\": \"9.0\"}", "body")]
    public async Task Plans_NotAPlanJson_400NamingTheBody(string body, string field)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync("/api/v1/plans?format=json", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task Body_50MegabytesDeclared_413BeforeItIsRead()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var body = new CountingStream(50L << 20);
        using var content = new StreamContent(body);
        content.Headers.ContentLength = 50L << 20;
        content.Headers.ContentType = new("application/json");

        HttpResponseMessage? answer = null;
        try
        {
            answer = await server.Http.PostAsync("/api/v1/plans", content);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection once it has answered; what it answered is asserted below when it arrived.
        }

        body.Pulled.ShouldBeLessThan(50L << 20);
        if (answer is not null)
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Body_50MegabytesChunked_413WithoutReadingItWhole()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var plan = new CountingStream(50L << 20);
        using var content = new StreamContent(plan);
        content.Headers.ContentType = new("application/json");

        HttpStatusCode? status = null;
        try
        {
            using var answer = await server.Http.PostAsync("/api/v1/plans", content);
            status = answer.StatusCode;
        }
        catch (HttpRequestException)
        {
            // Kestrel may reset the upload once it has answered 413; the client then never sees the answer.
        }

        plan.Pulled.ShouldBeLessThan(32L << 20); // the 16 MiB limit plus what socket buffers took: never the 50 MiB
        (status ?? HttpStatusCode.RequestEntityTooLarge).ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task HealthMetricsAndOpenApi_Answer()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        (await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json"))).Dispose();

        var health = await server.Http.GetStringAsync("/healthz");
        var ready = await server.Http.GetStringAsync("/readyz");
        var metrics = await server.Http.GetStringAsync("/metrics");
        var openApi = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        health.ShouldContain("ok");
        ready.ShouldContain("ready");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"pass\"} 1");
        metrics.ShouldContain("tollgate_judge_duration_seconds_bucket{kind=\"canary\"");
        metrics.ShouldContain("tollgate_http_request_duration_seconds_count{route=\"/api/v1/integrations/argo-rollouts/analysis\",method=\"POST\",code=\"200\"} 1");
        var paths = openApi.GetProperty("paths");
        foreach (var path in (string[])["/api/v1/integrations/argo-rollouts/analysis", "/api/v1/integrations/flagger/{hook}", "/api/v1/approvals", "/api/v1/plans", "/api/v1/verdicts", "/api/v1/verdicts/{id}", "/api/v1/events", "/healthz", "/readyz", "/metrics"])
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
        }

        paths.GetProperty("/api/v1/integrations/flagger/{hook}").GetProperty("post").GetProperty("summary").GetString()
            .ShouldBe("Flagger webhooks: confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, rollback, post-rollout, event");

        server.LogLines.ShouldContain(l => l.Contains("listening on", StringComparison.Ordinal));

        // One spec is "1 spec", not "1 specs".
        server.LogLines.ShouldContain(l => l.Contains(": 1 spec, ledger", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_MadeUpMethods_CountedAsOtherNotAsNewSeries()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        foreach (var method in (string[])["FOO1", "FOO2", "BREW", "GET"])
        {
            (await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/healthz"))).Dispose();
        }

        var metrics = await server.Http.GetStringAsync("/metrics");

        metrics.ShouldNotContain("FOO1");
        metrics.ShouldNotContain("BREW");
        metrics.Split('\n').ShouldContain(l => l.StartsWith("tollgate_http_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("method=\"other\"", StringComparison.Ordinal) && l.EndsWith(" 3", StringComparison.Ordinal), metrics);
        metrics.ShouldContain("method=\"GET\",code=\"200\"} 1");
    }

    [Fact]
    public async Task Decision_IsLoggedOnceWithSpecVerdictAndDuration()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var lines = new List<string>();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), logs: lines);

        (await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json"))).Dispose();

        lines.Count(l => l.Contains("decision argo-rollouts checkout pass in", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", lines));
    }

    [Fact]
    public async Task Events_CdEvents_RecordedOnceAsEventsIngest()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        const string Deployed = """{"context":{"version":"0.4.1","id":"e-1","source":"/ci","type":"dev.cdevents.service.deployed.0.2.0","timestamp":"2026-11-01T10:00:00Z"},"subject":{"id":"checkout","source":"/ci","content":{"environment":{"id":"prod"},"artifactId":"pkg:oci/checkout@sha256:abc"}}}""";

        using var first = await server.Http.PostAsync("/api/v1/events", new StringContent(Deployed, Encoding.UTF8, "application/json"));
        using var again = await server.Http.PostAsync("/api/v1/events", new StringContent(Deployed, Encoding.UTF8, "application/json"));
        using var bad = await server.Http.PostAsync("/api/v1/events", new StringContent("{\"context\":", Encoding.UTF8, "application/json"));
        using var ahead = await server.Http.PostAsync("/api/v1/events",
            new StringContent(Deployed.Replace("\"e-1\"", "\"e-2\"", StringComparison.Ordinal).Replace("2026-11-01T10:00:00Z", "2099-01-01T00:00:00Z", StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        (await first.Content.ReadAsStringAsync()).ShouldStartWith("{\"recorded\":1,", Case.Sensitive, await first.Content.ReadAsStringAsync());
        (await again.Content.ReadAsStringAsync()).ShouldStartWith("{\"recorded\":0,\"duplicates\":1");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ahead.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "an event dated in the future is refused, as by events ingest");
        (await ahead.Content.ReadAsStringAsync()).ShouldContain("the event time 2099-01-01T00:00:00Z is in the future");
    }

    [Theory]
    [InlineData("", "body: empty: expected events, one JSON object per line or a JSON array")]
    [InlineData("\n \r\n", "body: only blank lines: expected events, one JSON object per line or a JSON array")]
    public async Task Events_EmptyBody_400AsEventsIngestRefusesAnEmptyFile(string body, string detail)
    {
        // An empty body (curl --data-binary @file of an empty file) was answered 200 "recorded": 0.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().ShouldBe("body");
        problem.GetProperty("detail").GetString().ShouldBe(detail);
    }

    [Fact]
    public async Task Events_NewNameNearlyDuplicatingAKnownOne_RecordedWithAWarningAsEventsIngestWarns()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        static string Deployed(string id, string service, string environment) =>
            $$$$"""{"context":{"version":"0.4.1","id":"{{{{id}}}}","source":"/ci","type":"dev.cdevents.service.deployed.0.2.0","timestamp":"2026-11-01T10:00:00Z"},"subject":{"id":"{{{{service}}}}","source":"/ci","content":{"environment":{"id":"{{{{environment}}}}"},"artifactId":"pkg:oci/{{{{service}}}}@sha256:abc"}}}""";

        using var first = await server.Http.PostAsync("/api/v1/events", new StringContent(Deployed("e-1", "checkout", "production"), Encoding.UTF8, "application/json"));
        using var again = await server.Http.PostAsync("/api/v1/events", new StringContent(Deployed("e-2", "checkout", "production"), Encoding.UTF8, "application/json"));
        using var near = await server.Http.PostAsync("/api/v1/events", new StringContent(Deployed("e-3", "chekout", "production"), Encoding.UTF8, "application/json"));
        var warned = await near.Content.ReadFromJsonAsync<JsonElement>();

        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warning").ValueKind.ShouldBe(JsonValueKind.Null);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warning").ValueKind.ShouldBe(JsonValueKind.Null);
        near.StatusCode.ShouldBe(HttpStatusCode.OK);
        warned.GetProperty("recorded").GetInt32().ShouldBe(1, "a near duplicate is recorded as named, never refused");
        warned.GetProperty("warning").GetString()!.ShouldContain("service chekout (checkout)");
    }
}
