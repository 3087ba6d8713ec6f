namespace Tollgate.Canary.Tests.Cli;

/// <summary>Bad input never reaches Prometheus: one line on stderr naming the file and line, exit 3.</summary>
public sealed class CanaryCommandValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-canary-cli-").FullName;

    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));

    [Fact]
    public async Task Canary_UnknownFieldInSpec_Exit3WithTheLine()
    {
        var spec = Write("typo.yaml", Example.Replace("    maxRatio: 2.0 ", "    maxRatoi: 2.0", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", spec);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"tollgate: error: {spec}:19: unknown field 'maxRatoi' in a metric");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task Canary_NoPrometheusUrlAnywhere_Exit3()
    {
        var spec = Write("nourl.yaml", Example.Replace("prometheus: http://127.0.0.1:9090", "", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", spec);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("no Prometheus URL");
    }

    [Fact]
    public async Task Canary_BadAt_Exit3()
    {
        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Write("ok.yaml", Example), "--at", "yesterday");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("--at yesterday is neither RFC 3339");
    }

    [Fact]
    public async Task Canary_AtInTheFuture_Exit3BeforeAnyQuery()
    {
        // It held with "no data" (or, as here with nothing listening, "cannot reach Prometheus"): a window not yet ended.
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Write("ok.yaml", Example), "--at", tomorrow, "--prometheus", "http://127.0.0.1:9");

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldStartWith($"tollgate: error: --at {tomorrow} is in the future (now is ");
        run.Error.ShouldEndWith("the window judged must have ended; give a past time or leave --at out\n");
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1970-01-01T00:09:59Z")]
    public async Task Canary_AtWhoseWindowWouldStartBefore1970_Exit3BeforeAnyQuery(string at)
    {
        // An unset number in a caller's template: 1970's window has no data, and its hold would read like an outage.
        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Write("ok.yaml", Example), "--at", at, "--prometheus", "http://127.0.0.1:9");

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: --at {at} ends a 10m window that would start before 1970-01-01T00:00:00Z: give the end of a window with data, or leave --at out for now\n");
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task Canary_AtWithinTheClockSkewAllowance_IsJudged()
    {
        var soon = DateTimeOffset.UtcNow.AddMinutes(2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Write("ok.yaml", Example), "--at", soon, "--prometheus", "http://127.0.0.1:9");

        run.ExitCode.ShouldBe(2, run.Error);
        run.Out.ShouldContain("cannot reach Prometheus");
    }

    [Fact]
    public async Task Canary_ReplayWithWatch_Exit3()
    {
        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Write("ok.yaml", Example), "--replay", _directory, "--watch");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("cannot be combined with --watch");
    }

    [Theory]
    [InlineData("--watch judges the windows that end while it watches: it cannot be combined with --at (judge one past window with --at alone)", "--watch", "--at", "2026-11-01T10:30:00Z")]
    [InlineData("--max-wait bounds a --watch: give --watch too, or leave --max-wait out for one judgement", "--max-wait", "10m")]
    public async Task Canary_OptionThatWouldBeIgnored_Exit3BeforeAnyQuery(string expected, params string[] options)
    {
        // Both were ignored: a watch judged from now whatever --at said, one judgement had no deadline to keep.
        var run = await CliRun.RunAsync(_directory, null, ["canary", "--spec", Write("ok.yaml", Example), "--prometheus", "http://127.0.0.1:9", .. options]);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {expected}\n");
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("--record", "--record is empty (an unset variable?): give the directory to save Prometheus' answers in, or leave --record out")]
    [InlineData("--replay", "--replay is empty (an unset variable?): give the directory a --record saved")]
    [InlineData("--stable-hash", "--stable-hash is empty (an unset variable?): give the baseline's pod-template hash, or leave --stable-hash out")]
    [InlineData("--latest-hash", "--latest-hash is empty (an unset variable?): give the canary's pod-template hash, or leave --latest-hash out")]
    public async Task Canary_EmptyOption_Exit3WithOneLineBeforeAnyQuery(string option, string expected)
    {
        // --record "" (an unset variable) was 'internal error: ArgumentException'; --replay "" said 'no such directory';
        // an empty hash was ignored by a spec whose selectors use none, where the server refuses it.
        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Write("ok.yaml", Example), option, "", "--prometheus", "http://127.0.0.1:9");

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {expected}\n");
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-11-01T10:30:00Z", 1793529000)]
    [InlineData("1793529000", 1793529000)]
    [InlineData("2026-11-01T11:30:00+01:00", 1793529000)]
    public void ParseTime_Rfc3339OrUnixSeconds_SameInstant(string text, long unix)
    {
        Tollgate.Canary.Gate.CanaryTime.Parse(text).ToUnixTimeSeconds().ShouldBe(unix);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
