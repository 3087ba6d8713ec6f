using System.Net;
using System.Text;
using Tollgate.Canary.Sources;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// A Prometheus answer that is no text is an unavailable source named in the words every reader uses: where (line and
/// column), which problem, never the text. Bytes that are not UTF-8 were read as text with U+FFFD for each (a label
/// changed without a word, the series judged as any other); half a surrogate pair escaped alone was named by its byte
/// offset.
/// </summary>
public sealed class PrometheusAnswerTextTests
{
    private const string NotUtf8OnLine3 = "{\"status\":\"success\",\n\"data\":{\"resultType\":\"vector\",\"result\":[\n{\"metric\":{\"tenant\":\"caf\u00e9\"},\"value\":[1767225600,\"0.93\"]}]}}";

    private const string LoneSurrogateOnLine4 = "{\"status\":\"success\",\n\"data\":{\"resultType\":\"vector\",\"result\":[\n{\"metric\":{\"tenant\":\"acme\"},\"value\":[1767225600,\"0.93\"]},\n{\"metric\":{\"tenant\":\"caf\\ud800\"},\"value\":[1767225600,\"0.5\"]}]}}";

    private const string LoneSurrogateWords = "HTTP 200 with a body that is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 4, column 25 (an escape such as \\ud800 without its other half)";

    [Theory]
    [InlineData(NotUtf8OnLine3, "line 3, column 25")]
    [InlineData("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"tenant\":\"caf\u00e9\"},\"value\":[1,\"2\"]}]}}", "line 1, column 85")]
    public void Parse_BytesThatAreNotUtf8_UnavailableNamingLineAndColumn(string latin1, string place)
    {
        var response = PrometheusResponse.Parse(HttpStatusCode.OK, Encoding.Latin1.GetBytes(latin1), "up");

        response.Unavailable.ShouldBe($"HTTP 200 with a body that is not UTF-8: an invalid byte sequence at {place}");
        response.Series.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_BytesThatAreNotUtf8NorJson_NotPrometheusJsonWithTheBody()
    {
        // A proxy's error page in Latin-1 is still quoted: it says more than where its first such byte is.
        var response = PrometheusResponse.Parse(HttpStatusCode.BadGateway, Encoding.Latin1.GetBytes("<html>proxy: d\u00e9faillance</html>"), "up");

        response.Unavailable.ShouldBe("HTTP 502 with a body that is not Prometheus JSON: <html>proxy: d\uFFFDfaillance</html>");
    }

    [Fact]
    public async Task InstantAsync_AnswerNotUtf8_UnavailableNamingLineAndColumn()
    {
        var body = Encoding.Latin1.GetBytes(NotUtf8OnLine3);
        await using var prometheus = RawServer.Answering([.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), .. body]);

        var response = await Source(prometheus.Url).InstantAsync("up", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        response.Unavailable.ShouldBe("HTTP 200 with a body that is not UTF-8: an invalid byte sequence at line 3, column 25");
        response.Series.ShouldBeEmpty();
    }

    [Fact]
    public async Task InstantAsync_LoneSurrogateOnALaterLine_UnavailableNamingLineAndColumn()
    {
        await using var prometheus = await ScriptedServer.StartAsync((HttpStatusCode.OK, LoneSurrogateOnLine4));

        var response = await Source(prometheus.Url).InstantAsync("up", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        response.Unavailable.ShouldBe(LoneSurrogateWords);
    }

    [Fact]
    public async Task RecordThenReplay_AnswerNotUtf8_SameReason()
    {
        // A JSON string cannot hold the bytes: the recording keeps why the answer was not read, so a replay holds alike.
        var body = Encoding.Latin1.GetBytes(NotUtf8OnLine3);
        await using var prometheus = RawServer.Answering([.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), .. body]);
        var directory = Directory.CreateTempSubdirectory("tollgate-rec-").FullName;
        var at = DateTimeOffset.FromUnixTimeSeconds(1767225600);

        var live = await Source(prometheus.Url, new ResponseRecorder(directory)).InstantAsync("up", at, CancellationToken.None);
        var replayed = await new ReplaySource(directory).InstantAsync("up", at, CancellationToken.None);

        Directory.Delete(directory, recursive: true);
        live.Unavailable.ShouldBe("HTTP 200 with a body that is not UTF-8: an invalid byte sequence at line 3, column 25");
        replayed.Unavailable.ShouldBe(live.Unavailable);
    }

    private static PrometheusSource Source(Uri url, ResponseRecorder? recorder = null) =>
        new(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10)), TimeProvider.System, recorder);
}
