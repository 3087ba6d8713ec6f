using Spectre.Console.Testing;
using Tollgate.Canary.Gate;
using Tollgate.Cli;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Tests.Cli;

/// <summary><c>canary --watch</c>'s status: redrawn in place on a terminal (through Spectre's test console), one line per look when piped.</summary>
public sealed class CanaryLiveStatusTests
{
    private static CanaryLook Look(int number, Verdict verdict, long promote, long hold, long rollBack, params Finding[] findings)
    {
        var summary = new List<KeyValuePair<string, long>> { new("slices", promote + hold + rollBack), new("pass", promote), new("hold", hold), new("fail", rollBack) };
        var report = new Report("canary", "checkout.yaml", "sha256:ab", verdict, summary, findings) { Reason = $"reason of look {number}" };
        return new CanaryLook(number, TimeSpan.FromMinutes(number), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20 - number), report);
    }

    private static readonly Finding Acme = new("min-samples", Severity.Low, "tenant=acme endpoint=/pay", "312 requests of the 500 needed");

    [Fact]
    public void Line_HoldingLook_SaysCountsAndTimeToHold()
    {
        Look(3, Verdict.Hold, 18, 2, 0, Acme).Line()
            .ShouldBe("[3m/10m] hold      20 slices: 18 promote, 2 hold, 0 roll back; 7m to hold: reason of look 3");
    }

    [Fact]
    public void Line_AfterTheWindow_SaysTimeBeforeGivingUp()
    {
        Look(12, Verdict.Hold, 19, 1, 0).Line().ShouldContain("8m before giving up");
    }

    [Fact]
    public async Task RunAsync_Piped_OneLinePerLookInOrder()
    {
        var error = new StringWriter();
        var host = new CliHost(new StringWriter(), error, TimeProvider.System, Environment.CurrentDirectory) { ErrorIsTerminal = false };

        var result = await CanaryLiveStatus.RunAsync(host, watch: true, (looks, progress) =>
        {
            progress.Report("watching checkout.yaml");
            looks.ShouldBeNull();
            progress.Report(Look(1, Verdict.Hold, 18, 2, 0).Line());
            progress.Report(Look(2, Verdict.Fail, 18, 1, 1).Line());
            return Task.FromResult(42);
        });

        result.ShouldBe(42);
        var lines = error.ToString().TrimEnd().Split('\n');
        lines.Length.ShouldBe(3);
        lines[1].ShouldStartWith("[1m/10m] hold");
        lines[2].ShouldStartWith("[2m/10m] roll back");
    }

    [Fact]
    public async Task RunAsync_Terminal_RedrawsOneStatusWithTheLastLook()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 160;
        var status = new CanaryLiveStatus(console);

        var result = await status.RunAsync((looks, progress) =>
        {
            progress.Report("watching checkout.yaml: 2 metrics, looks every 1m, must hold 10m");
            looks!.Report(Look(1, Verdict.Hold, 17, 3, 0, Acme));
            looks.Report(Look(2, Verdict.Hold, 18, 2, 0, Acme));
            return Task.FromResult("done");
        });

        result.ShouldBe("done");
        var screen = console.Output;
        screen.ShouldContain("watching checkout.yaml: 2 metrics");
        screen.ShouldContain("look 2 · held 2m of 10m · 8m to hold · gives up in 18m");
        screen.ShouldContain("20 slices: 18 promote · 2 hold · 0 roll back");
        screen.ShouldContain("tenant=acme endpoint=/pay");
        screen.ShouldContain("reason of look 2");
    }

    [Fact]
    public async Task RunAsync_Terminal_ControlCharactersOfSlicesAndMessagesShownEscaped()
    {
        // A slice name (a Prometheus label) or Prometheus' message with an escape sequence cleared the live screen.
        var console = new TestConsole().Interactive();
        console.Profile.Width = 200;
        var forged = new Finding("min-samples", Severity.Low, "tenant=a\u001b[2J", "down\u001b[2J\nPASS");
        var look = Look(1, Verdict.Hold, 0, 1, 0, forged);

        await new CanaryLiveStatus(console).RunAsync((looks, progress) =>
        {
            progress.Report("watching \u001b[2Jcheckout.yaml");
            looks!.Report(look with { Report = look.Report with { Reason = "held\u001b[2J\nPASS" } });
            return Task.FromResult(0);
        });

        var screen = console.Output;
        screen.ShouldNotContain("\u001b[2J");
        screen.ShouldContain("watching \\u001b[2Jcheckout.yaml");
        screen.ShouldContain("tenant=a\\u001b[2J");
        screen.ShouldContain("down\\u001b[2J\\nPASS");
        screen.ShouldContain("held\\u001b[2J\\nPASS");
    }

    [Fact]
    public void Render_BeforeTheFirstLook_SaysItIsWaiting()
    {
        var console = new TestConsole();

        console.Write(new CanaryLiveStatus(console).Render());

        console.Output.ShouldContain("waiting for the first look");
    }
}
