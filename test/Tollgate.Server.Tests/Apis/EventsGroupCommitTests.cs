using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// <c>POST /api/v1/events</c> on PostgreSQL groups the bodies of concurrent requests into one transaction: each
/// answered 200 is recorded once, and a body the ledger refuses (an incident resolved before it was detected) is
/// refused alone, the bodies it shared a transaction with recorded.
/// </summary>
public sealed class EventsGroupCommitTests
{
    private const int Senders = 40;

    private static string Deployed(int i) =>
        "{\"context\":{\"version\":\"0.4.1\",\"id\":\"g-" + i + "\",\"source\":\"/ci\",\"type\":\"dev.cdevents.service.deployed.0.2.0\",\"timestamp\":\"2026-11-01T10:"
        + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ":00Z\"},\"subject\":{\"id\":\"checkout\",\"source\":\"/ci\",\"content\":{\"environment\":{\"id\":\"prod\"},\"artifactId\":\"pkg:oci/checkout@sha256:a" + i + "\"}}}";

    private const string ResolvedBeforeDetected =
        """
        {"context":{"version":"0.4.1","id":"I1-detected","source":"/pager","type":"dev.cdevents.incident.detected.0.2.0","timestamp":"2026-11-01T14:30:00Z"},"subject":{"id":"incident/checkout/I1","source":"/pager","content":{"environment":{"id":"prod"},"service":{"id":"service/checkout"}}}}
        {"context":{"version":"0.4.1","id":"I1-resolved","source":"/pager","type":"dev.cdevents.incident.resolved.0.2.0","timestamp":"2026-11-01T13:00:00Z"},"subject":{"id":"incident/checkout/I1","source":"/pager","content":{"environment":{"id":"prod"},"service":{"id":"service/checkout"}}}}
        """;

    [Fact]
    public async Task Events_ManySendersAndOneBadBodyAtOnce_EachGoodBodyRecordedOnceTheBadOneRefusedAlone()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: await Ledgers.TempPostgresAsync());

        var bodies = Enumerable.Range(0, Senders).Select(Deployed).Append(ResolvedBeforeDetected).ToList();
        var answers = await Task.WhenAll(bodies.Select(async body =>
        {
            using var answer = await server.Http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
            return (answer.StatusCode, Json: await answer.Content.ReadFromJsonAsync<JsonElement>());
        }));
        var deploys = await server.Server.State.Ledger.DeliveryAsync(store => store.DeploysAsync(null, null), CancellationToken.None);
        var incidents = await server.Server.State.Ledger.DeliveryAsync(store => store.IncidentsAsync(null), CancellationToken.None);

        answers[..Senders].ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK && a.Json.GetProperty("recorded").GetInt32() == 1 && a.Json.GetProperty("duplicates").GetInt32() == 0);
        answers[Senders].StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answers[Senders].Json.GetProperty("detail").GetString()!.ShouldContain("is resolved at 2026-11-01T13:00:00Z, before it was detected at 2026-11-01T14:30:00Z");
        deploys.Select(d => d.Id).Order().ShouldBe(Enumerable.Range(0, Senders).Select(i => "g-" + i).Order());
        incidents.ShouldBeEmpty();
        server.Server.State.Ledger.EventCommits.Bodies.ShouldBe(Senders);
    }
}
