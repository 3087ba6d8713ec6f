using System.Text.RegularExpressions;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// <c>tollgate canary --help</c> describes every option of docs/canary.md's usage, in the words that page relies on:
/// what a user reads at the terminal is what the page promises.
/// </summary>
public sealed partial class CanaryHelpTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-canary-help-").FullName;

    [Fact]
    public async Task Help_EveryOptionOfTheDocsUsage_HasItsOwnDescribedLine()
    {
        var usage = UsageBlock().Match(File.ReadAllText(Tollgate.Testing.Repository.File("docs", "canary.md"))).Groups[1].Value;
        var documented = OptionName().Matches(usage).Select(m => m.Value).Distinct().ToList();
        documented.Count.ShouldBeGreaterThanOrEqualTo(12, usage);

        var help = await HelpAsync();

        foreach (var option in documented)
        {
            Line(help, option).ShouldNotBeNull($"{option} is in docs/canary.md's usage but not in tollgate canary --help:\n{help}");
            Description(Line(help, option)!).Length.ShouldBeGreaterThan(10, $"{option} has no description in --help");
        }
    }

    [Theory]
    [InlineData("--spec", "(REQUIRED)", "canary spec")]
    [InlineData("--at", "RFC 3339", "Unix seconds", "default: now")]
    [InlineData("--watch", "every interval", "until promote or roll back", "exit 0 / 1 / 2")]
    [InlineData("--max-wait", "With --watch", "hold, exit 2", "twice the window", "whole intervals", "at least the window")]
    [InlineData("--prometheus", "overrides the spec's prometheus:")]
    [InlineData("--prometheus-token-file", "bearer token", "TOLLGATE_PROMETHEUS_TOKEN", "never the token itself")]
    [InlineData("--record", "every Prometheus response")]
    [InlineData("--replay", "offline", "--record")]
    [InlineData("--stable-hash", "baseline", "{{stableHash}}")]
    [InlineData("--latest-hash", "canary", "{{latestHash}}")]
    [InlineData("--format", "<text|json|sarif|markdown|junit>", "default text")]
    [InlineData("--ledger", "SQLite", "postgres://")]
    public async Task Help_Option_SaysWhatTheDocsPromise(string option, params string[] words)
    {
        var line = Line(await HelpAsync(), option).ShouldNotBeNull();

        foreach (var word in words)
        {
            line.ShouldContain(word, Case.Sensitive, $"tollgate canary --help, {option}");
        }
    }

    private async Task<string> HelpAsync()
    {
        var run = await CliRun.RunAsync(_directory, null, "canary", "--help");
        run.ExitCode.ShouldBe(0, run.Error);
        return run.Out;
    }

    /// <summary>The help line that declares <paramref name="option"/> (<c>  -f, --format &lt;…&gt;  Report format</c>).</summary>
    private static string? Line(string help, string option) =>
        help.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, $@"^\s+(-\w, )?{Regex.Escape(option)}( |$)"));

    private static string Description(string line) => Regex.Split(line.Trim(), @"\s{2,}") is { Length: > 1 } parts ? parts[^1] : "";

    [GeneratedRegex(@"```\n(tollgate canary --spec FILE.*?)```", RegexOptions.Singleline)]
    private static partial Regex UsageBlock();

    [GeneratedRegex(@"--[a-z][a-z-]+")]
    private static partial Regex OptionName();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
