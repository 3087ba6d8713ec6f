using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// Every 4xx and 5xx answer is the documented problem JSON (type, title, status, detail, instance), including the ones
/// routing makes (no route, a method the route does not take) and a body that is not UTF-8; OPTIONS and HEAD answer.
/// </summary>
public sealed class ProblemAnswersTests
{
    private static async Task<JsonElement> ProblemOf(HttpResponseMessage answer, HttpStatusCode status)
    {
        answer.StatusCode.ShouldBe(status, await answer.Content.ReadAsStringAsync());
        answer.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        json.GetProperty("status").GetInt32().ShouldBe((int)status);
        json.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        json.GetProperty("detail").GetString()!.ShouldNotContain("\n");
        return json;
    }

    [Fact]
    public async Task Routing_NoRouteOrWrongMethod_ProblemJsonNamingTheFix()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var none = await server.Http.GetAsync("/api/v1/approval");
        using var get = await server.Http.GetAsync("/api/v1/approvals");

        (await ProblemOf(none, HttpStatusCode.NotFound)).GetProperty("detail").GetString()!.ShouldContain("/openapi/v1.json");
        var wrong = await ProblemOf(get, HttpStatusCode.MethodNotAllowed);
        wrong.GetProperty("detail").GetString().ShouldBe("/api/v1/approvals does not take GET: use POST");
        get.Content.Headers.Allow.ShouldContain("POST");
    }

    [Theory]
    [InlineData("/api/v1/approvals", "POST")]
    [InlineData("/api/v1/integrations/argo-rollouts/analysis", "POST")]
    [InlineData("/api/v1/verdicts", "GET")]
    public async Task Options_OnARoute_204WithItsMethods(string path, string method)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, path));

        answer.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        answer.Content.Headers.Allow.ShouldContain(method);
        answer.Content.Headers.Allow.ShouldContain("OPTIONS");
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/api/v1/verdicts")]
    [InlineData("/openapi/v1.json")] // was 405 while GET answered
    public async Task Head_OnAReadRoute_200WithoutABody(string path)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answer.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Body_NotUtf8_400NamingLineAndColumnOnEveryJsonRoute_AndArgoHolds()
    {
        // Named by its byte offset before ("at byte 37"), where every other reader names line and column.
        const string Hint = "; send JSON encoded as UTF-8";
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        byte[] Latin1(string json) => [.. System.Text.Encoding.Latin1.GetBytes(json)];
        HttpRequestMessage Post(string path, byte[] body, string? token = null) => new(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };
        var bodies = new Dictionary<string, (string Body, string Detail)>
        {
            ["/api/v1/approvals"] = ("{\"by\":\"alice\",\n\"reason\":\"café\",\"digest\":\"sha256:00\"}", "body: not UTF-8: an invalid byte sequence at line 2, column 14" + Hint),
            ["/api/v1/integrations/flagger/event"] = ("""{"name":"café","namespace":"shop"}""", "body: not UTF-8: an invalid byte sequence at line 1, column 13" + Hint),
            ["/api/v1/events"] = ("{\"context\":{\"id\":\"D1\"}}\n{\"context\":{\"id\":\"é\"}}", "body: not UTF-8: an invalid byte sequence at line 2, column 19" + Hint),
        };
        byte[] plan = [.. "{\"format_version\":\"1.2\",\n\"resource_changes\":[\n{\"address\":\"a.b\",\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":[\"update\"],\"before\":{\"x\":\""u8, 0xFF, .. "\"},\"after\":{}}}]}"u8];

        foreach (var (path, (body, detail)) in bodies)
        {
            using var answer = await server.Http.SendAsync(Post(path, Latin1(body), path.EndsWith("approvals", StringComparison.Ordinal) ? RunningServer.AliceToken : null));
            var problem = await ProblemOf(answer, HttpStatusCode.BadRequest);
            problem.GetProperty("field").GetString().ShouldBe("body", path);
            problem.GetProperty("detail").GetString().ShouldBe(detail, path);
        }

        using var plans = await server.Http.SendAsync(Post("/api/v1/plans", plan));
        using var argo = await server.Http.SendAsync(Post("/api/v1/integrations/argo-rollouts/analysis", Latin1("""{"spec":"café"}""")));
        var held = await argo.Content.ReadFromJsonAsync<JsonElement>();

        var refused = await ProblemOf(plans, HttpStatusCode.BadRequest);
        refused.GetProperty("field").GetString().ShouldBe("body");
        refused.GetProperty("detail").GetString().ShouldBe("body: plan.json is not UTF-8: an invalid byte sequence at line 3, column 86, in resource_changes[0]");
        argo.StatusCode.ShouldBe(HttpStatusCode.OK, "Argo counts any other status as an Error");
        held.GetProperty("verdict").GetString().ShouldBe("hold");
        held.GetProperty("reason").GetString().ShouldBe("bad request: body: not UTF-8: an invalid byte sequence at line 1, column 13" + Hint);
    }

    [Fact]
    public async Task Body_LoneSurrogateEscaped_400NamingLineAndColumnOnEveryJsonRoute_AndArgoHolds()
    {
        // Half a surrogate pair escaped alone (JSON lets it be written; it is no text): was a 500 on plans and events
        // and on Argo's route, which always answers 200; then named by its byte offset, where every other reader names
        // line and column.
        const string Words = "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at {0} (an escape such as \\ud800 without its other half)";
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        HttpRequestMessage Post(string path, string body, string? token = null) => new(HttpMethod.Post, path)
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };
        var bodies = new Dictionary<string, (string Body, string Place)>
        {
            ["/api/v1/approvals"] = ("{\"by\":\"alice\",\n\"reason\":\"ok \\ud800\",\"digest\":\"sha256:00\"}", "line 2, column 14"),
            ["/api/v1/integrations/flagger/event"] = ("{\"name\":\"shop\",\n\"namespace\":\"\\udc00\"}", "line 2, column 14"),
            ["/api/v1/events"] = ("[\n" + """{"context":{"specversion":"0.5.1","id":"D\ud800","source":"/ci","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-04T17:00:00Z"},"subject":{"id":"service/checkout","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/checkout@sha256%3Av1?tag=v1"}}}""" + "\n]", "line 2, column 42"),
        };
        const string Plan = "{\"format_version\":\"1.2\",\n\"resource_changes\":[\n" + """{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"x":"\ud800"},"after":{}}}]}""";
        const string Argo = "{\"spec\":\"checkout\",\n\"stableHash\":\"\\ud800\"}";

        foreach (var (path, (body, place)) in bodies)
        {
            using var answer = await server.Http.SendAsync(Post(path, body, path.EndsWith("approvals", StringComparison.Ordinal) ? RunningServer.AliceToken : null));
            var problem = await ProblemOf(answer, HttpStatusCode.BadRequest);
            problem.GetProperty("field").GetString().ShouldBe("body", path);
            problem.GetProperty("detail").GetString().ShouldBe("body: " + string.Format(null, Words, place), path);
        }

        using var plans = await server.Http.SendAsync(Post("/api/v1/plans", Plan));
        using var argo = await server.Http.SendAsync(Post("/api/v1/integrations/argo-rollouts/analysis", Argo));
        var held = await argo.Content.ReadFromJsonAsync<JsonElement>();

        var refused = await ProblemOf(plans, HttpStatusCode.BadRequest);
        refused.GetProperty("field").GetString().ShouldBe("body");
        refused.GetProperty("detail").GetString().ShouldBe("body: plan.json is " + string.Format(null, Words, "line 3, column 86, in resource_changes[0]"));
        argo.StatusCode.ShouldBe(HttpStatusCode.OK, "Argo counts any other status as an Error");
        held.GetProperty("verdict").GetString().ShouldBe("hold");
        held.GetProperty("reason").GetString().ShouldBe("bad request: body: " + string.Format(null, Words, "line 2, column 15"));
    }
}
