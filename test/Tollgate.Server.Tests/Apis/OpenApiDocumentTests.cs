using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, read from a running server, against what the server does: each
/// operation named once, the verdict list's query parameters, the approvers' bearer scheme, integers as integers and
/// no host guessed for the server. <see cref="OpenApiLiveAnswersTests"/> holds live answers to the document's schemas.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(method => (path.Name, method.Name, method.Value)));

    [Fact]
    public async Task OperationIds_UniqueAmongAllOperations_AndHeadStillAnswers()
    {
        // GET and HEAD of a read shared one operationId (ListVerdicts, GetVerdict twice), which OpenAPI forbids.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        (await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"))).Dispose();

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        using var headList = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/verdicts"));
        using var headOne = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/verdicts/1"));

        var operations = Operations(document).ToList();
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        ids.OfType<string>().GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        ids.ShouldAllBe(id => !string.IsNullOrEmpty(id), string.Join(", ", operations.Select(o => $"{o.Method} {o.Path}")));
        var paths = document.GetProperty("paths");
        paths.GetProperty("/api/v1/verdicts").GetProperty("head").GetProperty("operationId").GetString().ShouldBe("HeadVerdicts");
        paths.GetProperty("/api/v1/verdicts/{id}").GetProperty("head").GetProperty("operationId").GetString().ShouldBe("HeadVerdict");
        paths.GetProperty("/api/v1/verdicts/{id}").GetProperty("head").GetProperty("responses").GetProperty("200").TryGetProperty("content", out _).ShouldBeFalse();
        headList.StatusCode.ShouldBe(HttpStatusCode.OK);
        headOne.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await headOne.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task VerdictList_QueryParameters_DocumentedWithTypesAndEachTakenByTheServer()
    {
        // "parameters" was absent: the filters were only in the summary's text.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var parameters = document.GetProperty("paths").GetProperty("/api/v1/verdicts").GetProperty("get").GetProperty("parameters").EnumerateArray().ToList();
        parameters.Select(p => p.GetProperty("name").GetString()).ShouldBe(["kind", "subject", "verdict", "from", "to", "limit", "cursor"]);
        parameters.ShouldAllBe(p => p.GetProperty("in").GetString() == "query" && p.GetProperty("description").GetString()!.Length > 10);
        var limit = parameters.Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");
        limit.GetProperty("type").GetString().ShouldBe("integer");
        (limit.GetProperty("minimum").GetInt32(), limit.GetProperty("maximum").GetInt32(), limit.GetProperty("default").GetInt32()).ShouldBe((1, 500, 50));
        parameters.Single(p => p.GetProperty("name").GetString() == "verdict").GetProperty("description").GetString()!.ShouldContain("pass, fail, review, hold");
        var samples = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = "canary", ["subject"] = "checkout", ["verdict"] = "pass", ["from"] = "2026-01-01T00:00:00Z", ["to"] = "1893456000", ["limit"] = "5", ["cursor"] = "10",
        };
        foreach (var parameter in parameters)
        {
            var name = parameter.GetProperty("name").GetString()!;
            var value = JsonDocument.Parse(name == "limit" ? samples[name] : $"\"{samples[name]}\"").RootElement;
            DocumentSchema.Errors(document, parameter.GetProperty("schema"), value).ShouldBeEmpty(name);
            using var answer = await server.Http.GetAsync($"/api/v1/verdicts?{name}={samples[name]}");
            answer.StatusCode.ShouldBe(HttpStatusCode.OK, $"{name}: {await answer.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Approvals_BearerScheme_OnlyWhereTheTokenIsAsked()
    {
        // There was no securitySchemes: a client could not tell that approvals take a bearer token.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        using var withoutToken = await server.Http.PostAsync("/api/v1/approvals", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var open = await server.Http.GetAsync("/api/v1/verdicts");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var name = schemes.EnumerateObject().Single().Name;
        schemes.GetProperty(name).GetProperty("type").GetString().ShouldBe("http");
        schemes.GetProperty(name).GetProperty("scheme").GetString().ShouldBe("bearer");
        var approve = document.GetProperty("paths").GetProperty("/api/v1/approvals").GetProperty("post");
        approve.GetProperty("security").EnumerateArray().Single().EnumerateObject().Select(p => p.Name).ShouldBe([name]);
        approve.GetProperty("responses").TryGetProperty("401", out _).ShouldBeTrue();
        document.GetProperty("security").EnumerateArray().Single().EnumerateObject().ShouldBeEmpty(); // the rest: no credentials
        Operations(document).Where(o => o.Path != "/api/v1/approvals").Select(o => o.Operation.TryGetProperty("security", out var security) ? security.ToString() : null).ShouldAllBe(security => security == null);
        withoutToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        withoutToken.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        open.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Numbers_PlainIntegers_NotIntegerOrNumericString()
    {
        // id, exitCode and status were ["integer", "string"] with a pattern, though the server writes only numbers.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in (ReadOnlySpan<(string, string)>)[("VerdictEntry", "id"), ("VerdictEntry", "exitCode"), ("ListedVerdict", "id"), ("VerdictAnswer", "exitCode"), ("ApprovalAnswer", "id"), ("ProblemAnswer", "status")])
        {
            var type = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("type");
            type.ValueKind.ShouldBe(JsonValueKind.String, $"{schema}.{property}: {type}");
            type.GetString().ShouldBe("integer");
        }

        var text = document.GetRawText();
        text.ShouldNotContain("^-?(?:0|[1-9]\\\\d*)$");
    }

    [Fact]
    public async Task Verdicts_InEveryAnswer_OneOfTheFour()
    {
        // verdict was any string, so a generated client could not switch on it.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var schema in (string[])["VerdictAnswer", "ListedVerdict", "VerdictEntry"])
        {
            var verdict = schemas.GetProperty(schema).GetProperty("properties").GetProperty("verdict");
            verdict.GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ShouldBe(["pass", "fail", "review", "hold"], schema);
        }
    }

    [Fact]
    public async Task VerdictEntry_ListsApprovalsReadAndApproverPath_Nullable()
    {
        // GET /api/v1/verdicts/{id} answers approvalsRead and approverPath (null before ledger step 0014); the schema did not list them
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var entry = document.GetProperty("components").GetProperty("schemas").GetProperty("VerdictEntry").GetProperty("properties");
        foreach (var (property, type) in (ReadOnlySpan<(string, string)>)[("approvalsRead", "boolean"), ("approverPath", "string")])
        {
            entry.TryGetProperty(property, out var listed).ShouldBeTrue(property);
            listed.GetProperty("type").EnumerateArray().Select(t => t.GetString()).Order().ShouldBe(new[] { type, "null" }.Order(), property);
        }
    }

    [Fact]
    public async Task Servers_NoHostOrSchemeGuessed_EvenBehindATlsProxy()
    {
        // servers[0].url was built from the Host header, always http:// and with a trailing slash: "http://tollgate.example/"
        // behind a proxy that ends TLS.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "tollgate.example";
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var answer = await server.Http.SendAsync(request);
        var document = await answer.Content.ReadFromJsonAsync<JsonElement>();

        var servers = document.GetProperty("servers").EnumerateArray().ToList();
        servers.Count.ShouldBe(1);
        servers[0].GetProperty("url").GetString().ShouldBe("/");
        document.GetRawText().ShouldNotContain("tollgate.example");
    }

    [Fact]
    public async Task Metrics_Get_DocumentedAsThePlainTextItAnswers()
    {
        // The 200 of GET /metrics had no content: a client generator got an untyped empty answer.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        using var answer = await server.Http.GetAsync("/metrics");

        var content = document.GetProperty("paths").GetProperty("/metrics").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        content.EnumerateObject().Select(c => c.Name).ShouldBe(["text/plain"]);
        content.GetProperty("text/plain").GetProperty("schema").GetProperty("type").GetString().ShouldBe("string");
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
    }
}
