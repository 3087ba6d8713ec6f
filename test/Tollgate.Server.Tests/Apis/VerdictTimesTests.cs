using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>A listed verdict's <c>recordedAt</c> has one shape whatever ledger recorded it: RFC 3339 in UTC, seven fraction digits, <c>+00:00</c>.</summary>
public sealed partial class VerdictTimesTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecordedAt_EitherEngine_OneShape(string engine)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = engine == "sqlite" ? Ledgers.TempSqlite() : await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);
        var body = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";
        for (var i = 0; i < 3; i++)
        {
            using var answer = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(body, Encoding.UTF8, "application/json"));
            answer.EnsureSuccessStatusCode();
        }

        var page = JsonDocument.Parse(await server.Http.GetStringAsync("/api/v1/verdicts?limit=10")).RootElement;
        var listed = page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("recordedAt").GetString()!).ToList();
        var one = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/v1/verdicts/{page.GetProperty("items")[0].GetProperty("id").GetInt64()}")).RootElement;

        listed.Count.ShouldBe(3);
        listed.ShouldAllBe(t => Shape().IsMatch(t));
        one.GetProperty("recordedAt").GetString().ShouldBe(listed[0]);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$")]
    private static partial Regex Shape();
}
