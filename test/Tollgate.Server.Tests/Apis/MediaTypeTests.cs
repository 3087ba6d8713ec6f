using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// The JSON routes read a body sent as <c>curl -d</c> sends it (form-urlencoded) or with no type at all as JSON, refuse
/// other types with a 415 problem, and check the token before the type: a request without one is 401 whatever it sends.
/// </summary>
public sealed class MediaTypeTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private static HttpRequestMessage Post(string route, string body, string? contentType, string? token = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, route)
        {
            Content = content,
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };
    }

    private static string Approval => $$"""{"plan":{{Plan}},"by":"alice","reason":"decommissioning, OPS-12"}""";

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Approve_NoToken_401WhateverTheContentType(string? contentType)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Post("/api/v1/approvals", Approval, contentType));

        answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        answer.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    [InlineData("application/json; charset=utf-8")]
    public async Task Approve_AsCurlDashDSendsIt_Recorded(string? contentType)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Post("/api/v1/approvals", Approval, contentType, RunningServer.AliceToken));

        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("by").GetString().ShouldBe("alice");
    }

    [Fact]
    public async Task Approve_XmlWithToken_415ProblemSayingWhatToSend()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Post("/api/v1/approvals", Approval, "application/xml", RunningServer.AliceToken));
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString().ShouldBe("the body is read as JSON, not application/xml: send it with Content-Type: application/json");
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData("application/octet-stream", HttpStatusCode.UnsupportedMediaType)]
    public async Task Plans_ContentType_ReadAsJsonOrRefused(string? contentType, HttpStatusCode status)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Post("/api/v1/plans", Plan, contentType));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(status, json.ToString());
        if (status == HttpStatusCode.OK)
        {
            json.GetProperty("verdict").GetString().ShouldBe("review");
        }
        else
        {
            json.GetProperty("status").GetInt32().ShouldBe(415);
        }
    }

    [Fact]
    public async Task FlaggerHook_Xml_415Problem()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Post("/api/v1/integrations/flagger/confirm-promotion", "<webhook/>", "application/xml"));

        answer.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("application/octet-stream")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("text/csv")]
    public async Task ArgoAnalysis_NotJsonType_HoldNamingTheTypeNothingQueried(string contentType)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var body = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

        using var answer = await server.Http.SendAsync(Post("/api/v1/integrations/argo-rollouts/analysis", body, contentType));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        json.GetProperty("reason").GetString().ShouldBe($"the body is read as JSON, not {contentType.Split(';')[0]}: send it with Content-Type: application/json");
        prometheus.Queries.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task ArgoAnalysis_AsArgoSendsIt_Judged(string? contentType)
    {
        // Argo's jsonBody sends application/json; a string body goes without a type.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var body = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

        using var answer = await server.Http.SendAsync(Post("/api/v1/integrations/argo-rollouts/analysis", body, contentType));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        json.GetProperty("verdict").GetString().ShouldBe("pass");
    }

    [Fact]
    public async Task Plans_FormThatIsNotJson_400NotJson()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Post("/api/v1/plans", "plan=x&by=alice", "application/x-www-form-urlencoded"));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OpenApi_JsonRoutes_StillDescribeTheirBody()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var openApi = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var approvals = openApi.GetProperty("paths").GetProperty("/api/v1/approvals").GetProperty("post").GetProperty("requestBody");
        approvals.GetProperty("required").GetBoolean().ShouldBeTrue();
        var properties = approvals.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        properties.EnumerateObject().Select(p => p.Name).ShouldBe(["plan", "digest", "by", "reason", "scans", "rego"], ignoreOrder: true);
        var events = openApi.GetProperty("paths").GetProperty("/api/v1/events").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        events.TryGetProperty("application/x-ndjson", out _).ShouldBeTrue();
    }
}
