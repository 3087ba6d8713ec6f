namespace Tollgate.Cli.Tests.Commands;

/// <summary>The Prometheus options of <c>model trend</c> and <c>model promote</c>: bad combinations are one line and exit 3.</summary>
public sealed class ModelPrometheusOptionsTests
{
    [Theory]
    [InlineData("one of them", "model", "trend")]
    [InlineData("one of them", "model", "trend", "--series", "a.csv", "--prometheus", "up")]
    [InlineData("--prometheus needs --prometheus-url", "model", "trend", "--prometheus", "up")]
    [InlineData("is not an http(s) URL", "model", "trend", "--prometheus", "up", "--prometheus-url", "ftp://user:secret@host/")]
    [InlineData("--range 2d holds fewer than 3 steps", "model", "trend", "--prometheus", "up", "--prometheus-url", "http://127.0.0.1:1", "--range", "2d")]
    [InlineData("--step 1x is not a duration like 90s, 10m, 24h or 30d", "model", "trend", "--prometheus", "up", "--prometheus-url", "http://127.0.0.1:1", "--step", "1x")]
    [InlineData("--step 0s: the duration must be longer than zero", "model", "trend", "--prometheus", "up", "--prometheus-url", "http://127.0.0.1:1", "--step", "0s")]
    [InlineData("--model 'a#b': a non-empty name without '#'", "model", "trend", "--series", "a.csv", "--model", "a#b")]
    public async Task Trend_BadPrometheusOptions_Exit3WithOneLine(string message, params string[] args)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-trend-").FullName;

        var run = await CliRun.RunAsync(directory, args);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldContain(message);
        run.Error.ShouldNotContain("secret");
        run.Error.Trim().Split('\n').Length.ShouldBe(1, run.Error);
    }
}
