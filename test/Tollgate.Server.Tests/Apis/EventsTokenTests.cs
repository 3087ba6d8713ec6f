using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// The deploys <c>POST /api/v1/events</c> records decide what <c>retention apply</c> keeps (current, previous and N+2
/// per environment), so a server given <c>--events-token-file</c> records events only from a holder of one of its
/// tokens: anything else is 401 and nothing is read; the OpenAPI document says so. Without it the route stays open.
/// </summary>
public sealed class EventsTokenTests
{
    private const string SenderToken = "ci-events-token-0123456789";

    private const string Deployed = """{"context":{"version":"0.4.1","id":"e-1","source":"/ci","type":"dev.cdevents.service.deployed.0.2.0","timestamp":"2026-11-01T10:00:00Z"},"subject":{"id":"checkout","source":"/ci","content":{"environment":{"id":"prod"},"artifactId":"pkg:oci/checkout@sha256:abc"}}}""";

    private static async Task<RunningServer> StartAsync(FakePrometheus prometheus, bool eventTokens)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-serve-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "senders"), $"# CI\nci {SenderToken}\n");
        return await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), directory: directory, configure: o => eventTokens ? o with { EventsTokenFile = "senders" } : o);
    }

    private static HttpRequestMessage Post(string? token) => new(HttpMethod.Post, "/api/v1/events")
    {
        Content = new StringContent(Deployed, Encoding.UTF8, "application/json"),
        Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
    };

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789abcdef")]
    [InlineData(RunningServer.AliceToken)] // an approver's token is not a sender's
    public async Task Events_TokenFileGiven_WithoutOneOfItsTokens401_NothingRecorded(string? token)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await StartAsync(prometheus, eventTokens: true);

        using var refused = await server.Http.SendAsync(Post(token));
        using var sent = await server.Http.SendAsync(Post(SenderToken));

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("a bearer token of --events-token-file is required to record events");
        (await sent.Content.ReadAsStringAsync()).ShouldStartWith("{\"recorded\":1,\"duplicates\":0", Case.Sensitive, "the refused request recorded nothing");
        server.LogLines.ShouldContain(l => l.Contains("events refused: a bearer token of --events-token-file is required", StringComparison.Ordinal));
        server.LogLines.ShouldContain(l => l.Contains("events need a token of --events-token-file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_NoTokenFile_OpenAsBefore()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await StartAsync(prometheus, eventTokens: false);

        using var sent = await server.Http.SendAsync(Post(null));

        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.LogLines.ShouldContain(l => l.Contains("events open to any caller (no --events-token-file)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenApi_EventsAskTheSendersSchemeOnlyWhenTheServerHasIt(bool eventTokens)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await StartAsync(prometheus, eventTokens);

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var events = document.GetProperty("paths").GetProperty("/api/v1/events").GetProperty("post");
        schemes.TryGetProperty("eventsToken", out var scheme).ShouldBe(eventTokens);
        events.GetProperty("responses").TryGetProperty("401", out _).ShouldBe(eventTokens);
        if (eventTokens)
        {
            (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()).ShouldBe(("http", "bearer"));
            events.GetProperty("security").EnumerateArray().Single().EnumerateObject().Select(p => p.Name).ShouldBe(["eventsToken"]);
        }
        else
        {
            events.TryGetProperty("security", out _).ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData("ci short\n", "--events-token-file {0}:1: the token of ci is shorter than 16 characters")]
    [InlineData("# none\n", "--events-token-file {0}: no NAME TOKEN line")]
    public async Task Start_EventsTokenFileBad_Exit3NamingTheOption(string text, string message)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-serve-").FullName;
        var file = Path.Combine(directory, "senders");
        await File.WriteAllTextAsync(file, text);
        var options = new ServeOptions("http://127.0.0.1:0", null, directory, Cli.Hosting.Pillars.Rules, Cli.Hosting.Pillars.Vocabulary) { EventsTokenFile = "senders", Ledger = Ledgers.TempSqlite() };

        var error = await Should.ThrowAsync<InvalidInputException>(() => TollgateServer.StartAsync(options, TimeProvider.System, CancellationToken.None));

        error.Message.ShouldBe(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, file));
    }
}
