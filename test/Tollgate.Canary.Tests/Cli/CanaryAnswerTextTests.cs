using System.Net;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// Text a Prometheus answer carries into the canary's report: an error message with a newline and an escape sequence
/// stays on its line of the text report, escaped (it printed a forged second line and cleared the screen), and JSON
/// keeps it exact, and so do the progress lines of --watch; a label escaping half a surrogate pair alone is an answer in no format, a hold naming its
/// line and column (it was an internal error, <c>CannotReadIncompleteUTF16</c>, then named by its byte offset).
/// </summary>
public sealed class CanaryAnswerTextTests : IDisposable
{
    private const string Forged = "boom\u001b[2J\nPASS  canary forged";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-canary-text-").FullName;

    [Fact]
    public async Task Canary_PrometheusErrorWithControlCharacters_OneEscapedLineInTextExactInJson()
    {
        var error = (HttpStatusCode.ServiceUnavailable, """{"status":"error","errorType":"internal","error":"boom\u001b[2J\nPASS  canary forged"}""");
        await using var prometheus = await ScriptedServer.StartAsync(error);

        var text = await CanaryAsync(prometheus);
        var json = await CanaryAsync(prometheus, "--format", "json");

        text.ExitCode.ShouldBe(2, text.Error);
        text.Out.ShouldNotContain('\u001b');
        text.Out.Split('\n').ShouldNotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
        text.Out.ShouldContain("Prometheus answered HTTP 503 internal: boom\\u001b[2J\\nPASS  canary forged");
        json.Json().GetProperty("reason").GetString()!.ShouldContain(Forged);
    }

    [Fact]
    public async Task CanaryWatch_PrometheusErrorWithControlCharacters_EachProgressLineOneLine()
    {
        var error = (HttpStatusCode.ServiceUnavailable, """{"status":"error","errorType":"internal","error":"boom\u001b[2J\nPASS  canary forged"}""");
        await using var prometheus = await ScriptedServer.StartAsync(error);
        var spec = Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml");

        var run = await CliRun.RunAsync(_directory, new JumpingClock(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)),
            ["canary", "--spec", spec, "--prometheus", prometheus.Url.ToString(), "--ledger", Path.Combine(_directory, "l.db"), "--watch", "--max-wait", "10m"]);

        run.ExitCode.ShouldBe(2, run.Error);
        run.Error.ShouldNotContain('\u001b');
        var looks = run.Error.Split('\n').Where(l => l.StartsWith('[')).ToList();
        looks.Count.ShouldBe(10, run.Error);
        looks.ShouldAllBe(l => l.Contains("boom\\u001b[2J\\nPASS  canary forged"));
        run.Error.Split('\n').ShouldNotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Canary_LabelOfALoneSurrogate_HoldsNamingTheAnswer()
    {
        const string Answer = "{\"status\":\"success\",\n\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"tenant\":\"\\ud800\"},\"values\":[[1,\"1\"]]}]}}";
        await using var prometheus = await ScriptedServer.StartAsync((HttpStatusCode.OK, Answer));

        var run = await CanaryAsync(prometheus);

        run.ExitCode.ShouldBe(2, run.Error);
        run.Error.ShouldBeEmpty();
        run.Out.ShouldStartWith("HOLD");
        run.Out.ShouldContain(
            "metric source unavailable: HTTP 200 with a body that is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 2, column 62 (an escape such as \\ud800 without its other half)");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<CliRun> CanaryAsync(ScriptedServer prometheus, params string[] options)
    {
        var spec = Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml");
        return CliRun.RunAsync(_directory, null, ["canary", "--spec", spec, "--prometheus", prometheus.Url.ToString(), "--ledger", Path.Combine(_directory, "l.db"), .. options]);
    }
}
