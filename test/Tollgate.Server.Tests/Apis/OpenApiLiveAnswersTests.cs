using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// Live answers and bodies held to the schemas of the server's own OpenAPI document (<see cref="DocumentSchema"/>):
/// what the server answers satisfies what the document says it answers, and a body the server takes satisfies the
/// body the document describes.
/// </summary>
public sealed class OpenApiLiveAnswersTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private static readonly string Checkout = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static JsonElement Text(string text) => Json($"\"{JsonEncodedText.Encode(text)}\"");

    private static JsonElement Body(JsonElement document, string route, string contentType = "application/json") =>
        document.GetProperty("paths").GetProperty(route).GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty(contentType).GetProperty("schema");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> AnswerAsync(Task<HttpResponseMessage> sending)
    {
        using var answer = await sending;
        return (answer.StatusCode, Json(await answer.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Verdicts_LiveListItemAndEntry_SatisfyTheirDocumentedSchemas()
    {
        // A list item has no findings, which VerdictEntry required; an entry's findings were oneOf [null, {}], which
        // every value fails (it matches both or neither).
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        (await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"))).Dispose();
        (await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json"))).Dispose();

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var page = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts");
        var entry = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts/1");

        page.GetProperty("items").GetArrayLength().ShouldBe(2);
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/api/v1/verdicts", "get", 200), page).ShouldBeEmpty();
        entry.GetProperty("findings").GetArrayLength().ShouldBeGreaterThan(0);
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/api/v1/verdicts/{id}", "get", 200), entry).ShouldBeEmpty();
    }

    [Fact]
    public async Task Approvals_DigestBody_TheDocumentTakesWhatTheServerTakes()
    {
        // The body schema required both plan and digest, where the server takes either (and refuses both).
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var (_, report) = await AnswerAsync(server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json")));
        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schema = Body(document, "/api/v1/approvals");
        HttpRequestMessage Approve(string body) => new(HttpMethod.Post, "/api/v1/approvals")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", RunningServer.AliceToken) },
        };
        var digestBody = $$"""{"digest":"{{report.GetProperty("digest").GetString()}}","by":"alice","reason":"decommissioning, OPS-12"}""";
        const string Neither = """{"by":"alice","reason":"decommissioning"}""";
        var unknownField = digestBody.Replace("\"by\"", "\"scan\":[],\"by\"", StringComparison.Ordinal);

        var (created, answer) = await AnswerAsync(server.Http.SendAsync(Approve(digestBody)));
        var (neither, _) = await AnswerAsync(server.Http.SendAsync(Approve(Neither)));
        var (unknown, _) = await AnswerAsync(server.Http.SendAsync(Approve(unknownField)));

        DocumentSchema.Errors(document, schema, Json(digestBody)).ShouldBeEmpty();
        created.ShouldBe(HttpStatusCode.Created, answer.ToString());
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/api/v1/approvals", "post", 201), answer).ShouldBeEmpty();
        DocumentSchema.Errors(document, schema, Json(Neither)).ShouldNotBeEmpty();
        neither.ShouldBe(HttpStatusCode.BadRequest);
        DocumentSchema.Errors(document, schema, Json(unknownField)).ShouldNotBeEmpty();
        unknown.ShouldBe(HttpStatusCode.BadRequest);
        schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["by", "reason"], ignoreOrder: true);
    }

    [Fact]
    public async Task Approvals_NullPlanOrDigest_ReadAsAbsent_ByTheDocumentAsByTheServer()
    {
        // The document typed plan as an object only, so {"plan": null, "digest": …}, which the server takes, failed it;
        // and {"plan": null} alone satisfied "plan is required", where the server refuses it as neither.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var (_, report) = await AnswerAsync(server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json")));
        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schema = Body(document, "/api/v1/approvals");
        var digest = report.GetProperty("digest").GetString();
        var bodies = new (string Body, HttpStatusCode Expected)[]
        {
            ($$"""{"plan":null,"digest":"{{digest}}","by":"alice","reason":"decommissioning, OPS-12"}""", HttpStatusCode.Created),
            ($$"""{"plan":{{Plan}},"digest":null,"by":"alice","reason":"decommissioning, OPS-12"}""", HttpStatusCode.Created),
            ("""{"plan":null,"by":"alice","reason":"decommissioning"}""", HttpStatusCode.BadRequest),
            ("""{"plan":null,"digest":null,"by":"alice","reason":"decommissioning"}""", HttpStatusCode.BadRequest),
            ($$"""{"plan":{{Plan}},"digest":"{{digest}}","by":"alice","reason":"decommissioning"}""", HttpStatusCode.BadRequest),
        };

        foreach (var (body, expected) in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/approvals")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", RunningServer.AliceToken) },
            };
            var (status, answer) = await AnswerAsync(server.Http.SendAsync(request));

            var shown = body.Length > 120 ? body[..60] + "…" + body[^60..] : body;
            status.ShouldBe(expected, $"{shown}: {answer}");
            (DocumentSchema.Errors(document, schema, Json(body)).Count == 0).ShouldBe(expected == HttpStatusCode.Created, shown);
        }
    }

    [Fact]
    public async Task Problems_LiveAnswers_SatisfyTheDocumentedProblemWithItsField()
    {
        // /api/v1/verdicts/{id} documented no 400, /readyz no 503, and the problem schema had no field.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var (badId, problem) = await AnswerAsync(server.Http.GetAsync("/api/v1/verdicts/abc"));
        server.Server.State.Drain();
        var (draining, notReady) = await AnswerAsync(server.Http.GetAsync("/readyz"));

        badId.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().ShouldBe("id");
        var documented = DocumentSchema.Answer(document, "/api/v1/verdicts/{id}", "get", 400, "application/problem+json");
        DocumentSchema.Errors(document, documented, problem).ShouldBeEmpty();
        DocumentSchema.Resolve(document, documented).GetProperty("properties").GetProperty("field").GetProperty("type").GetString().ShouldBe("string");
        draining.ShouldBe(HttpStatusCode.ServiceUnavailable);
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/readyz", "get", 503, "application/problem+json"), notReady).ShouldBeEmpty();
    }

    [Fact]
    public async Task EventsAndHealth_LiveAnswers_SatisfyTheirDocumentedSchemas()
    {
        // /api/v1/events documented no 2xx answer at all.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var (recorded, events) = await AnswerAsync(server.Http.PostAsync("/api/v1/events", new StringContent("[]", Encoding.UTF8, "application/json")));
        var health = await server.Http.GetFromJsonAsync<JsonElement>("/healthz");
        var ready = await server.Http.GetFromJsonAsync<JsonElement>("/readyz");

        recorded.ShouldBe(HttpStatusCode.OK);
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/api/v1/events", "post", 200), events).ShouldBeEmpty();
        DocumentSchema.Resolve(document, DocumentSchema.Answer(document, "/api/v1/events", "post", 200)).GetProperty("required").GetArrayLength().ShouldBe(5);
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/healthz", "get", 200), health).ShouldBeEmpty();
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/readyz", "get", 200), ready).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("json", "application/json")]
    [InlineData("markdown", "text/markdown")]
    [InlineData("sarif", "application/sarif+json")]
    public async Task Plans_EachFormat_AnsweredAsADocumentedContentTypeWithTheVerdictHeader(string format, string contentType)
    {
        // Only application/json was documented, and not the Tollgate-Verdict header.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        using var answer = await server.Http.PostAsync($"/api/v1/plans?format={format}", new StringContent(Plan, Encoding.UTF8, "application/json"));

        answer.Content.Headers.ContentType!.MediaType.ShouldBe(contentType);
        var ok = document.GetProperty("paths").GetProperty("/api/v1/plans").GetProperty("post").GetProperty("responses").GetProperty("200");
        var schema = ok.GetProperty("content").GetProperty(contentType).GetProperty("schema");
        var text = await answer.Content.ReadAsStringAsync();
        DocumentSchema.Errors(document, schema, format == "markdown" ? Text(text) : Json(text)).ShouldBeEmpty();
        var header = ok.GetProperty("headers").GetProperty("Tollgate-Verdict");
        header.GetProperty("required").GetBoolean().ShouldBeTrue();
        DocumentSchema.Errors(document, header.GetProperty("schema"), Text(answer.Headers.GetValues("Tollgate-Verdict").Single())).ShouldBeEmpty();
        answer.Headers.GetValues("Tollgate-Verdict").Single().ShouldBe("review");
    }

    [Fact]
    public async Task Integrations_Bodies_DocumentedAsTheRoutesReadThem()
    {
        // Argo's route documented no body; Flagger's required phase, checksum and metadata, which the route does not,
        // and documented only reports as its 200, where event and post-rollout answer {"recorded": …}.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        const string Event = """{"name":"checkout","namespace":"shop","checksum":"85d557f47b","metadata":{"eventType":"Normal","eventMessage":"Starting canary analysis"}}""";
        var misspelt = Checkout.Replace("\"stableHash\"", "\"At\":\"now\",\"stableHash\"", StringComparison.Ordinal);

        var (_, judged) = await AnswerAsync(server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Checkout, Encoding.UTF8, "application/json")));
        var (_, held) = await AnswerAsync(server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(misspelt, Encoding.UTF8, "application/json")));
        var (recorded, eventAnswer) = await AnswerAsync(server.Http.PostAsync("/api/v1/integrations/flagger/event", new StringContent(Event, Encoding.UTF8, "application/json")));

        var argo = Body(document, "/api/v1/integrations/argo-rollouts/analysis");
        DocumentSchema.Errors(document, argo, Json(Checkout)).ShouldBeEmpty();
        DocumentSchema.Errors(document, argo, Json("""{"spec":"checkout","at":1764547200}""")).ShouldBeEmpty();
        judged.GetProperty("verdict").GetString().ShouldBe("pass");
        DocumentSchema.Errors(document, argo, Json(misspelt)).ShouldNotBeEmpty();
        held.GetProperty("verdict").GetString().ShouldBe("hold");
        var flagger = Body(document, "/api/v1/integrations/flagger/{hook}");
        DocumentSchema.Resolve(document, flagger).GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["name", "namespace"], ignoreOrder: true);
        DocumentSchema.Errors(document, flagger, Json(Event)).ShouldBeEmpty();
        recorded.ShouldBe(HttpStatusCode.OK, eventAnswer.ToString());
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/api/v1/integrations/flagger/{hook}", "post", 200), eventAnswer).ShouldBeEmpty();
        DocumentSchema.Errors(document, DocumentSchema.Answer(document, "/api/v1/integrations/argo-rollouts/analysis", "post", 200), held).ShouldBeEmpty();
    }

    [Fact]
    public async Task Argo_AnswersNotJudged_CarryTheWholeReportCore()
    {
        // An unknown spec, a bad body or the same hash twice answered {kind, subject, verdict, exitCode, reason, recorded}
        // only: no tool, digest, summary, findings, approvals or facts, which docs/report-format.md fixes for every report.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = DocumentSchema.Answer(document, "/api/v1/integrations/argo-rollouts/analysis", "post", 200);
        var bodies = (string[])["""{"spec":"payments"}""", """{"spec":1}""", """{"spec":"checkout","stableHash":"abc","latestHash":"abc"}"""];

        foreach (var body in bodies)
        {
            var (status, answer) = await AnswerAsync(server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(body, Encoding.UTF8, "application/json")));

            status.ShouldBe(HttpStatusCode.OK, body);
            answer.GetProperty("tool").GetProperty("name").GetString().ShouldBe("tollgate", body);
            answer.GetProperty("kind").GetString().ShouldBe("canary", body);
            answer.GetProperty("digest").ValueKind.ShouldBe(JsonValueKind.Null, body);
            answer.GetProperty("verdict").GetString().ShouldBe("hold", body);
            answer.GetProperty("exitCode").GetInt32().ShouldBe(2, body);
            answer.GetProperty("reason").GetString().ShouldNotBeNullOrEmpty(body);
            answer.GetProperty("summary").GetProperty("fail").GetInt64().ShouldBe(0, body);
            answer.GetProperty("findings").GetArrayLength().ShouldBe(0, body);
            answer.GetProperty("approvals").GetArrayLength().ShouldBe(0, body);
            answer.GetProperty("facts").ValueKind.ShouldBe(JsonValueKind.Object, body);
            answer.GetProperty("recorded").GetBoolean().ShouldBeFalse(body);
            DocumentSchema.Errors(document, documented, answer).ShouldBeEmpty(body);
        }

        var required = DocumentSchema.Resolve(document, documented).GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        required.ShouldBe(["tool", "kind", "subject", "digest", "verdict", "exitCode", "reason", "summary", "findings", "approvals"], ignoreOrder: true);
    }
}
