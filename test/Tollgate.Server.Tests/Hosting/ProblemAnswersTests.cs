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
    public async Task Body_NotUtf8_400NamingTheByteOnEveryJsonRoute_AndArgoHolds()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        byte[] Latin1(string json) => [.. System.Text.Encoding.Latin1.GetBytes(json)];
        HttpRequestMessage Post(string path, byte[] body, string? token = null) => new(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };

        using var approval = await server.Http.SendAsync(Post("/api/v1/approvals", Latin1("""{"by":"alice","reason":"café","digest":"sha256:00"}"""), RunningServer.AliceToken));
        using var flagger = await server.Http.SendAsync(Post("/api/v1/integrations/flagger/event", Latin1("""{"name":"café","namespace":"shop"}""")));
        using var events = await server.Http.SendAsync(Post("/api/v1/events", Latin1("""{"context":{"id":"é"}}""")));
        using var argo = await server.Http.SendAsync(Post("/api/v1/integrations/argo-rollouts/analysis", Latin1("""{"spec":"café"}""")));
        var held = await argo.Content.ReadFromJsonAsync<JsonElement>();

        foreach (var answer in new[] { approval, flagger, events })
        {
            var problem = await ProblemOf(answer, HttpStatusCode.BadRequest);
            problem.GetProperty("field").GetString().ShouldBe("body");
            problem.GetProperty("detail").GetString()!.ShouldContain("not UTF-8: an invalid byte sequence at byte ");
        }

        argo.StatusCode.ShouldBe(HttpStatusCode.OK, "Argo counts any other status as an Error");
        held.GetProperty("verdict").GetString().ShouldBe("hold");
        held.GetProperty("reason").GetString()!.ShouldContain("not UTF-8");
    }

    [Fact]
    public async Task Body_LoneSurrogateEscaped_400NamingTheByteOnEveryJsonRoute_AndArgoHolds()
    {
        // Half a surrogate pair escaped alone (JSON lets it be written; it is no text): was a 500 on plans and events
        // and on Argo's route, which always answers 200.
        const string Words = "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at byte {0} (an escape such as \\ud800 without its other half)";
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        HttpRequestMessage Post(string path, string body, string? token = null) => new(HttpMethod.Post, path)
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };
        var bodies = new Dictionary<string, string>
        {
            ["/api/v1/approvals"] = """{"by":"alice","reason":"ok \ud800","digest":"sha256:00"}""",
            ["/api/v1/integrations/flagger/event"] = """{"name":"shop","namespace":"\udc00"}""",
            ["/api/v1/events"] = """{"context":{"specversion":"0.5.1","id":"D\ud800","source":"/ci","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-04T17:00:00Z"},"subject":{"id":"service/checkout","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/checkout@sha256%3Av1?tag=v1"}}}""",
        };
        const string Plan = """{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"x":"\ud800"},"after":{}}}]}""";
        const string Argo = """{"spec":"checkout","stableHash":"\ud800"}""";

        foreach (var (path, body) in bodies)
        {
            using var answer = await server.Http.SendAsync(Post(path, body, path.EndsWith("approvals", StringComparison.Ordinal) ? RunningServer.AliceToken : null));
            var problem = await ProblemOf(answer, HttpStatusCode.BadRequest);
            problem.GetProperty("field").GetString().ShouldBe("body", path);
            problem.GetProperty("detail").GetString().ShouldBe("body: " + string.Format(null, Words, body.IndexOf("\\ud", StringComparison.Ordinal)), path);
        }

        using var plans = await server.Http.SendAsync(Post("/api/v1/plans", Plan));
        using var argo = await server.Http.SendAsync(Post("/api/v1/integrations/argo-rollouts/analysis", Argo));
        var held = await argo.Content.ReadFromJsonAsync<JsonElement>();

        var refused = await ProblemOf(plans, HttpStatusCode.BadRequest);
        refused.GetProperty("field").GetString().ShouldBe("body");
        refused.GetProperty("detail").GetString()!.ShouldEndWith(string.Format(null, Words, Plan.IndexOf("\\ud800", StringComparison.Ordinal)).Replace(" (an escape", ", in resource_changes[0] (an escape", StringComparison.Ordinal));
        argo.StatusCode.ShouldBe(HttpStatusCode.OK, "Argo counts any other status as an Error");
        held.GetProperty("verdict").GetString().ShouldBe("hold");
        held.GetProperty("reason").GetString().ShouldBe("bad request: body: " + string.Format(null, Words, Argo.IndexOf("\\ud800", StringComparison.Ordinal)));
    }
}
