using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>Two <c>tollgate serve</c> replicas on one PostgreSQL ledger, given the same request at the same moment.</summary>
public sealed class ReplicasTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    [Fact]
    public async Task SameFlaggerEvent_TwoReplicasAtOnce_RecordedOnce()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = await Ledgers.TempPostgresAsync();
        await using var one = await RunningServer.StartAsync(prometheus.Url, ledger);
        await using var two = await RunningServer.StartAsync(prometheus.Url, ledger);
        const string Event = """{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"85d557f47b","metadata":{"eventType":"Normal","eventMessage":"Starting canary analysis for checkout.shop","timestamp":"1767225600000"}}""";

        for (var round = 0; round < 20; round++)
        {
            var body = Event.Replace("analysis", $"analysis {round}", StringComparison.Ordinal);
            var answers = await Task.WhenAll(
                [.. Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? one : two).Http.PostAsync("/api/v1/integrations/flagger/event", new StringContent(body, Encoding.UTF8, "application/json")))]);
            var texts = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
            answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
            texts.Count(t => t == """{"recorded":true}""").ShouldBe(1, string.Join("\n", texts));
        }

        (await CountAsync(ledger, "SELECT count(*) FROM rollout_events")).ShouldBe(20);
    }

    [Fact]
    public async Task SameApproval_TwoReplicasAtOnce_RecordedOnce()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = await Ledgers.TempPostgresAsync();
        await using var one = await RunningServer.StartAsync(prometheus.Url, ledger);
        await using var two = await RunningServer.StartAsync(prometheus.Url, ledger);
        var body = $$"""{"plan":{{Plan}},"by":"alice","reason":"decommissioning, OPS-12"}""";
        HttpRequestMessage Approve() => new(HttpMethod.Post, "/api/v1/approvals")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", RunningServer.AliceToken) },
        };

        var answers = await Task.WhenAll(one.Http.SendAsync(Approve()), two.Http.SendAsync(Approve()), one.Http.SendAsync(Approve()), two.Http.SendAsync(Approve()));
        var ids = await Task.WhenAll(answers.Select(async a => System.Text.Json.JsonDocument.Parse(await a.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64()));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        ids.Distinct().Count().ShouldBe(1);
        (await CountAsync(ledger, "SELECT count(*) FROM approvals")).ShouldBe(1);
    }

    private static async Task<long> CountAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
