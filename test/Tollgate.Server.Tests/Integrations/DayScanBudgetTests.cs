using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A metric without series in the window, whose last sample the day's scan (<c>[1d:1m]</c>) would find, but the answer
/// budget runs out first: the reason says the scan was not answered within the budget and what to raise, never that
/// the source has no series (a misspelt name), and the hold is recorded as any source hold is.
/// </summary>
public sealed class DayScanBudgetTests
{
    [Fact]
    public async Task Analysis_DayScanOutlastsTheBudget_HoldNamingTheBudgetNotAMisspeltName()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.NoSeries = true;
        prometheus.HoldDayScan = true;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), clock: clock,
            configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(1) });

        var asked = server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(
            $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""", Encoding.UTF8, "application/json"));
        await prometheus.DayScanArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        using var answer = await asked;
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        var reason = json.GetProperty("reason").GetString()!;
        reason.ShouldStartWith("metric source unavailable: ");
        reason.ShouldContain("the source did not answer when it last had one");
        reason.ShouldContain("answer budget of 1s ran out");
        reason.ShouldContain("raise tollgate serve's --answer-budget");
        reason.ShouldNotContain("misspelt");
        json.TryGetProperty("recorded", out _).ShouldBeFalse(json.ToString()); // present only as false, on what was not recorded
        json.GetProperty("digest").GetString().ShouldNotBeNullOrEmpty();
    }
}
