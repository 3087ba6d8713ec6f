using System.Net;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// Text a Prometheus answer carries into the canary's report: a label escaping half a surrogate pair alone is an
/// answer in no format, a hold naming it (it was an internal error, <c>CannotReadIncompleteUTF16</c>).
/// </summary>
public sealed class CanaryAnswerTextTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-canary-text-").FullName;

    [Fact]
    public async Task Canary_LabelOfALoneSurrogate_HoldsNamingTheAnswer()
    {
        const string Answer = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"tenant":"\ud800"},"values":[[1,"1"]]}]}}""";
        await using var prometheus = await ScriptedServer.StartAsync((HttpStatusCode.OK, Answer));

        var run = await CanaryAsync(prometheus);

        run.ExitCode.ShouldBe(2, run.Error);
        run.Error.ShouldBeEmpty();
        run.Out.ShouldStartWith("HOLD");
        run.Out.ShouldContain(
            $"metric source unavailable: HTTP 200 with a body that is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at byte {Answer.IndexOf("\\ud800", StringComparison.Ordinal)} (an escape such as \\ud800 without its other half)");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<CliRun> CanaryAsync(ScriptedServer prometheus, params string[] options)
    {
        var spec = Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml");
        return CliRun.RunAsync(_directory, null, ["canary", "--spec", spec, "--prometheus", prometheus.Url.ToString(), "--ledger", Path.Combine(_directory, "l.db"), .. options]);
    }
}
