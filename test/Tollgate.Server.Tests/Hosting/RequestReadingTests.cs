using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// How the JSON routes read what they are sent: a UTF-8 byte order mark before the JSON is skipped (as the plan and
/// event readers skip it), a compressed body is refused naming its encoding, a misspelt query parameter or Flagger
/// metadata key is named with "did you mean", as is a spec named as its file.
/// </summary>
public sealed class RequestReadingTests
{
    private const string Argo = "/api/v1/integrations/argo-rollouts/analysis";
    private const string Flagger = "/api/v1/integrations/flagger/";
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private static HttpRequestMessage Post(string route, byte[] body, string? token = null, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return new HttpRequestMessage(HttpMethod.Post, route)
        {
            Content = content,
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };
    }

    private static byte[] WithBom(string json) => [.. Bom, .. Encoding.UTF8.GetBytes(json)];

    private static byte[] Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task JsonRoutes_ByteOrderMarkBeforeTheJson_ReadAsTheJson()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var digest = "sha256:" + new string('0', 64);

        using var argo = await server.Http.SendAsync(Post(Argo, WithBom("""{"spec":"payments"}""")));
        using var flagger = await server.Http.SendAsync(Post(Flagger + "event", WithBom("""{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"e1","metadata":{"eventType":"Normal","eventMessage":"m"}}""")));
        using var approval = await server.Http.SendAsync(Post("/api/v1/approvals", WithBom($$"""{"digest":"{{digest}}","by":"alice","reason":"CHG-1"}"""), RunningServer.AliceToken));

        (await argo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString()!.ShouldStartWith("unknown spec 'payments'");
        (await flagger.Content.ReadAsStringAsync()).ShouldBe("""{"recorded":true}""");
        approval.StatusCode.ShouldBe(HttpStatusCode.NotFound, await approval.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JsonRoutes_GzipBody_RefusedNamingTheEncoding()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        const string expected = "Content-Encoding gzip is not supported: send the body uncompressed";

        using var argo = await server.Http.SendAsync(Post(Argo, Gzip("""{"spec":"checkout"}"""), encoding: "gzip"));
        using var approval = await server.Http.SendAsync(Post("/api/v1/approvals", Gzip("""{"digest":"x","by":"alice","reason":"x"}"""), RunningServer.AliceToken, "gzip"));
        using var plan = await server.Http.SendAsync(Post("/api/v1/plans", Gzip(Plan), encoding: "gzip"));

        argo.StatusCode.ShouldBe(HttpStatusCode.OK);
        var hold = await argo.Content.ReadFromJsonAsync<JsonElement>();
        hold.GetProperty("verdict").GetString().ShouldBe("hold");
        hold.GetProperty("reason").GetString().ShouldBe(expected);
        foreach (var refused in (HttpResponseMessage[])[approval, plan])
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe(expected);
        }
    }

    [Theory]
    [InlineData("fromat=markdown", "fromat", "unknown parameter; did you mean 'format'?; the parameters are format")]
    [InlineData("format=json&foo=1", "foo", "unknown parameter (expected one of: format); the parameters are format")]
    [InlineData("format=", "format", "is empty: give a value, or leave the parameter out")]
    public async Task Plans_UnknownOrEmptyQueryParameter_400NamingIt(string query, string field, string detail)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync("/api/v1/plans?" + query, new StringContent(Plan, Encoding.UTF8, "application/json"));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await answer.Content.ReadAsStringAsync());
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString().ShouldBe($"{field}: {detail}");
    }

    [Theory]
    [InlineData("spce", "spec")]
    [InlineData("stablehash", "stableHash")]
    [InlineData("latesthash", "latestHash")]
    [InlineData("manifest", "manifests")]
    [InlineData("Approval", "approval")]
    [InlineData("AT", "at")]
    public async Task FlaggerHook_MisspeltMetadataKey_400SayingWhichKeyWasMeant(string slip, string key)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var spec = key == "spec" ? "" : """ "spec":"checkout", """;
        var body = "{\"name\":\"checkout\",\"namespace\":\"shop\",\"checksum\":\"c1\",\"metadata\":{" + spec + $"\"{slip}\":\"x\"}}}}";

        using var answer = await server.Http.SendAsync(Post(Flagger + "rollout", Encoding.UTF8.GetBytes(body)));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await answer.Content.ReadAsStringAsync());
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("field").GetString().ShouldBe("metadata." + key);
        problem.GetProperty("detail").GetString().ShouldBe($"metadata.{key}: missing; metadata has '{slip}': did you mean '{key}'?");
    }

    [Theory]
    [InlineData("checkout.yaml", "unknown spec 'checkout.yaml'; did you mean 'checkout' (a spec is named without .yaml)? (this server judges: checkout)")]
    [InlineData("CHECKOUT", "unknown spec 'CHECKOUT'; did you mean 'checkout'? (this server judges: checkout)")]
    [InlineData("payments", "unknown spec 'payments' (this server judges: checkout)")]
    public async Task ArgoRoute_SpecNamedAsItsFileOrInAnotherCase_HoldSaysDidYouMean(string spec, string reason)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Post(Argo, Encoding.UTF8.GetBytes($$"""{"spec":"{{spec}}","stableHash":"a1","latestHash":"b2"}""")));

        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe(reason);
    }
}
