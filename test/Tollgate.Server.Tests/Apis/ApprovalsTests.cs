using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Ledger;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

public sealed class ApprovalsTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private const string MixedDigest = "sha256:313a18d4f0e67deb4cb7fa426ec201125f12f3a0cf9302fe50a3ba01b12d2be6";

    private static HttpRequestMessage Approve(string? token, string body) => new(HttpMethod.Post, "/api/v1/approvals")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
    };

    private static string PlanBody(string by = "alice") => $$"""{"plan":{{Plan}},"by":"{{by}}","reason":"decommissioning, OPS-12"}""";

    [Theory]
    [InlineData(null)]
    [InlineData("alice-token-0123456789abcdeX")]
    [InlineData("")]
    public async Task Approve_MissingOrWrongToken_401AndNothingRecorded(string? token)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = Ledgers.TempSqlite();
        await using (var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger))
        {
            using var answer = await server.Http.SendAsync(Approve(token, PlanBody()));

            answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            answer.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        }

        await using var opened = await LedgerLocation.OpenAsync(ledger, Path.GetTempPath(), TimeProvider.System);
        (await opened.ApprovalsForAsync(MixedDigest)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Approve_PlanWithAlicesToken_RecordsWhatTollgateApproveRecordsAndThePlanPasses()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        using var before = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));

        using var answer = await server.Http.SendAsync(Approve(RunningServer.AliceToken, PlanBody()));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        using var after = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));

        answer.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        json.GetProperty("digest").GetString().ShouldBe(MixedDigest);
        json.GetProperty("by").GetString().ShouldBe("alice");
        json.GetProperty("covers").GetArrayLength().ShouldBe(5);
        json.GetProperty("stillFailing").GetArrayLength().ShouldBe(0);
        (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetString().ShouldBe("review");
        (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetString().ShouldBe("pass");
        after.Headers.GetValues("Tollgate-Verdict").Single().ShouldBe("pass");
    }

    [Fact]
    public async Task Approve_TimeEndingInZero_AnswerAndReportWriteAtAlike()
    {
        // Before: the answer trimmed the fraction's trailing zero (.560369), the report's approvals kept it (.5603690).
        await using var prometheus = await FakePrometheus.StartAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 21, 25, 2, TimeSpan.Zero).AddTicks(5_603_690));
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), clock: clock);

        using var answer = await server.Http.SendAsync(Approve(RunningServer.AliceToken, PlanBody()));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        using var after = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));
        var report = await after.Content.ReadFromJsonAsync<JsonElement>();

        json.GetProperty("at").GetString().ShouldBe("2026-12-06T21:25:02.5603690+00:00");
        report.GetProperty("approvals")[0].GetProperty("at").GetString().ShouldBe(json.GetProperty("at").GetString());
    }

    [Fact]
    public async Task Approve_SameApprovalTwice_BothAnswersAreTheOneRecordWithItsTime()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var ledger = Ledgers.TempSqlite();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: ledger);

        using var first = await server.Http.SendAsync(Approve(RunningServer.AliceToken, PlanBody()));
        await Task.Delay(20);
        using var second = await server.Http.SendAsync(Approve(RunningServer.AliceToken, PlanBody()));

        var (one, two) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await second.Content.ReadFromJsonAsync<JsonElement>());
        two.GetProperty("id").GetInt64().ShouldBe(one.GetProperty("id").GetInt64());
        two.GetProperty("at").GetString().ShouldBe(one.GetProperty("at").GetString(), "the repeat is the first record, not a new time the ledger does not hold");
        var recorded = (await server.Server.State.Ledger.Ledger.ApprovalsForAsync(MixedDigest)).ShouldHaveSingleItem();
        two.GetProperty("at").GetDateTimeOffset().ShouldBe(recorded.At);
    }

    [Fact]
    public async Task Approve_BobsTokenAsAlice_403NamingByAndNothingRecorded()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Approve(RunningServer.BobToken, PlanBody(by: "alice")));
        using var verdicts = await server.Http.PostAsync("/api/v1/plans", new StringContent(Plan, Encoding.UTF8, "application/json"));

        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await answer.Content.ReadAsStringAsync()).ShouldContain("\"field\":\"by\"");
        (await verdicts.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetString().ShouldBe("review");
    }

    [Theory]
    [InlineData("""{"by":"alice"}""", "reason")]
    [InlineData("""{"by":"alice","reason":"ok"}""", "plan")]
    [InlineData("""{"by":"alice","reason":"ok","digest":"sha256:abc"}""", "digest")]
    [InlineData("""{"by":"alice","reason":"ok","plan":"not an object"}""", "plan")]
    [InlineData("""{"by":7,"reason":"ok"}""", "by")]
    public async Task Approve_BadBody_400NamingTheField(string body, string field)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Approve(RunningServer.AliceToken, body));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        json.GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task Approve_DigestNeverRecorded_404()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.SendAsync(Approve(RunningServer.AliceToken, $$"""{"digest":"sha256:{{new string('a', 64)}}","by":"alice","reason":"ok"}"""));

        answer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
