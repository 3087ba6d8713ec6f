using System.Net;
using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// The HTTP behaviour Prometheus itself cannot be made to show on demand (a 503, then success; an HTML error page from a
/// proxy), against a small local HTTP server that answers with scripted Prometheus envelopes.
/// </summary>
public sealed class PrometheusSourceTests
{
    private const string Success = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"tenant":"acme"},"value":[1767225600,"0.93"]},{"metric":{"tenant":"b"},"value":[1767225600,"NaN"]}]}}""";

    [Fact]
    public async Task InstantAsync_503ThenSuccess_RetriesAndParses()
    {
        await using var server = await ScriptedServer.StartAsync(
            (HttpStatusCode.ServiceUnavailable, """{"status":"error","errorType":"unavailable","error":"too busy"}"""),
            (HttpStatusCode.OK, Success));

        var response = await Source(server.Url).InstantAsync("up", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        response.Unavailable.ShouldBeNull();
        server.Requests.ShouldBe(2);
        response.Series.Count.ShouldBe(2);
        response.Series[0].Labels["tenant"].ShouldBe("acme");
        response.Series[0].Points[0].Value.ShouldBe(0.93);
        double.IsNaN(response.Series[1].Points[0].Value).ShouldBeTrue();
    }

    [Fact]
    public async Task RangeAsync_AlwaysFailing_UnavailableWithPrometheusErrorText()
    {
        var error = (HttpStatusCode.ServiceUnavailable, """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""");
        await using var server = await ScriptedServer.StartAsync(error, error, error);

        var response = await Source(server.Url).RangeAsync("up", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(10), TimeSpan.FromMinutes(1), CancellationToken.None);

        response.Unavailable.ShouldNotBeNull();
        response.Unavailable.ShouldContain("timeout: query timed out in expression evaluation");
        response.Unavailable.ShouldContain("after 3 attempts");
        response.Series.ShouldBeEmpty();
    }

    [Fact]
    public async Task RangeAsync_ProxyHtmlPage_UnavailableWithTheBody()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.Forbidden, "<html>denied by proxy</html>"));

        var response = await Source(server.Url).RangeAsync("up", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), TimeSpan.FromMinutes(1), CancellationToken.None);

        response.Unavailable!.ShouldContain("HTTP 403");
        response.Unavailable!.ShouldContain("denied by proxy");
    }

    [Fact]
    public void Parse_BadData_IsAConfigurationError()
    {
        var body = """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:14: parse error: unexpected \"}\""}""";

        Should.Throw<InvalidInputException>(() => PrometheusResponse.Parse(HttpStatusCode.BadRequest, body, "sum(x{)"))
            .Message.ShouldContain("parse error: unexpected");
    }

    [Fact]
    public async Task RecordThenReplay_SameQuery_SameAnswer()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.OK, Success));
        var directory = Directory.CreateTempSubdirectory("tollgate-rec-").FullName;
        var at = DateTimeOffset.FromUnixTimeSeconds(1767225600);
        var live = await Source(server.Url, new ResponseRecorder(directory)).InstantAsync("up", at, CancellationToken.None);

        var replay = new ReplaySource(directory);
        var again = await replay.InstantAsync("up", at, CancellationToken.None);
        var missing = await replay.InstantAsync("up", at.AddSeconds(1), CancellationToken.None);

        Directory.Delete(directory, recursive: true);
        again.Series[0].Labels.ShouldBe(live.Series[0].Labels);
        again.Series[0].Points[0].ShouldBe(live.Series[0].Points[0]);
        missing.Unavailable!.ShouldContain("has no answer");
    }

    [Theory]
    [InlineData("not json", "line 1: not valid JSON")]
    [InlineData("[]", "needs \"status\" as a number")]
    [InlineData("""{"status":"200","body":"{}"}""", "needs \"status\" as a number")]
    [InlineData("""{"status":200,"body":7}""", "\"body\" as a string")]
    public async Task Replay_DamagedRecording_InputErrorNamingTheFile(string content, string words)
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.OK, Success));
        var directory = Directory.CreateTempSubdirectory("tollgate-rec-").FullName;
        var at = DateTimeOffset.FromUnixTimeSeconds(1767225600);
        await Source(server.Url, new ResponseRecorder(directory)).InstantAsync("up", at, CancellationToken.None);
        var file = Directory.GetFiles(directory).ShouldHaveSingleItem();
        File.WriteAllText(file, content);

        var error = await Should.ThrowAsync<InvalidInputException>(() => new ReplaySource(directory).InstantAsync("up", at, CancellationToken.None));

        Directory.Delete(directory, recursive: true);
        error.Message.ShouldStartWith(file);
        error.Message.ShouldContain(words);
    }

    [Fact]
    public async Task RangeAsync_BodyLargerThanTheCap_UnavailableWithoutReadingIt()
    {
        var huge = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + new string(' ', 200_000) + "]}}";
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.OK, huge));
        var options = new PrometheusOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10)) { MaxBodyBytes = 64 * 1024 };

        var response = await new PrometheusSource(new HttpClient(), server.Url, options, TimeProvider.System)
            .RangeAsync("up", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), TimeSpan.FromMinutes(1), CancellationToken.None);

        response.Unavailable!.ShouldContain("answered more than 64 KiB for one query");
        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task InstantAsync_CredentialsInTheUrl_SentAsBasicAndShownNowhere()
    {
        await using var server = await ScriptedServer.StartAsync((HttpStatusCode.ServiceUnavailable, "<html>busy</html>"));
        var url = new Uri(server.Url.ToString().Replace("http://", "http://ops:s3cret@", StringComparison.Ordinal));
        var source = Source(url);

        var response = await source.InstantAsync("up", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        server.LastAuthorization.ShouldBe("Basic " + Convert.ToBase64String("ops:s3cret"u8.ToArray()));
        source.BaseUrl.ShouldBe(server.Url.ToString().Replace("http://", "http://***@", StringComparison.Ordinal));
        response.Unavailable!.ShouldNotContain("s3cret");
        PrometheusUrl.RedactText("http://ops:s3cret@host:9090/x").ShouldBe("http://***@host:9090/x");
    }

    private static PrometheusSource Source(Uri url, ResponseRecorder? recorder = null) =>
        new(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10)), TimeProvider.System, recorder);
}
