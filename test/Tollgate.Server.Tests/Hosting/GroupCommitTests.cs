using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Integrations;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// The server's group commit on both ledgers: many identical Argo requests at once are judged and recorded one verdict
/// each (the replayed evidence is shared; the records are not), and each answer comes after its own record.
/// </summary>
public sealed class GroupCommitTests
{
    private const int Requests = 64;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ArgoAnalysis_ManyAtOnce_EachVerdictRecordedOnce(string engine)
    {
        var ledger = engine == "sqlite" ? Ledgers.TempSqlite() : await Ledgers.TempPostgresAsync();
        var (directory, _) = ReplayedCheckout.Copy();
        await using var server = await RunningServer.StartAsync(ReplayedCheckout.NoPrometheus, ledger, directory);
        var body = ReplayedCheckout.Request;

        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var answer = await server.Http.PostAsync(ArgoRolloutsApi.Route, new StringContent(body, Encoding.UTF8, "application/json"));
            return (answer.StatusCode, Json: await answer.Content.ReadFromJsonAsync<JsonElement>());
        }));
        var batches = await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_commits_total{writes=\"verdicts\"}");
        var verdicts = await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_committed_total{writes=\"verdicts\"}");
        var page = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts?kind=canary&limit=500");

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK && a.Json.GetProperty("verdict").GetString() == "pass");
        verdicts.ShouldBe(Requests);
        batches!.Value.ShouldBeInRange(1, Requests);
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        ids.Count.ShouldBe(Requests);
        ids.ShouldBeUnique();
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("digest").GetString()).Distinct()
            .ShouldHaveSingleItem().ShouldBe(answers[0].Json.GetProperty("digest").GetString());

        // The findings are written once for the answer and the row: the row keeps what was answered, plus each module.
        var recorded = (await server.Http.GetFromJsonAsync<JsonObject>($"/api/v1/verdicts/{ids[^1]}"))!["findings"]!.AsArray();
        recorded.Count.ShouldBe(answers[0].Json.GetProperty("findings").GetArrayLength());
        recorded.Count.ShouldBeGreaterThan(0);
        foreach (var finding in recorded.Select(f => f!.AsObject()))
        {
            finding.Remove("module", out var module).ShouldBeTrue();
            module!.GetValue<string>().ShouldBe("error-rate");
        }

        JsonNode.DeepEquals(recorded, JsonNode.Parse(answers[0].Json.GetProperty("findings").GetRawText())).ShouldBeTrue();
    }
}
