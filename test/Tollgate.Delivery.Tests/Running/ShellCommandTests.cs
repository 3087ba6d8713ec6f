using System.Diagnostics;
using Tollgate.Delivery.Running;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Running;

public sealed class ShellCommandTests
{
    private static Task<CommandResult> Run(string command, double timeoutSeconds = 10) =>
        ShellCommand.RunAsync(command, TimeSpan.FromSeconds(timeoutSeconds), null, Path.GetTempPath(), CancellationToken.None);

    [Fact]
    public async Task RunAsync_ExitZero_SucceedsWithOutputTail()
    {
        var result = await Run("echo one; echo two >&2");

        result.Succeeded.ShouldBeTrue();
        result.OutputTail.Split('\n').Order().ShouldBe(["one", "two"]);
    }

    [Fact]
    public async Task RunAsync_PrintsMoreThan16MB_RunsToItsEndAndKeepsTheLastLines()
    {
        // A chatty deploy tool was killed at 16 MB of output and reported as a timeout: a deploy that would have
        // succeeded was recorded failed and rolled back.
        var result = await Run("yes 'progress line of a verbose deploy tool' 2>/dev/null | head -c 40000000; echo; head -c 9000 /dev/zero | tr '\\0' x; echo; echo deployed", timeoutSeconds: 120);

        result.Succeeded.ShouldBeTrue(result.Describe());
        result.Describe().ShouldStartWith("exited 0 in");
        var lines = result.OutputTail.Split('\n');
        lines.Length.ShouldBe(20);
        lines[^1].ShouldBe("deployed");
        lines[^2].ShouldBe(new string('x', OutputTail.MaxLineChars) + "…", "a line longer than the limit keeps its start");
        lines[0].ShouldBe("progress line of a verbose deploy tool");
    }

    [Fact]
    public async Task RunAsync_LongStandardErrorLine_IsCutAsAStandardOutputLineIs()
    {
        // A tool that prints a 9,000-character line to standard error kept it whole in the report, while the same line
        // on standard output was cut at the limit.
        var result = await Run("head -c 9000 /dev/zero | tr '\\0' e >&2; echo >&2; echo failed >&2; exit 1");

        var lines = result.OutputTail.Split('\n');
        lines.ShouldBe([new string('e', OutputTail.MaxLineChars) + "…", "failed"]);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_IsNotASuccess()
    {
        var result = await Run("exit 3");

        result.Succeeded.ShouldBeFalse();
        result.ExitCode.ShouldBe(3);
        result.Describe().ShouldStartWith("exited 3 in");
    }

    [Fact]
    public async Task RunAsync_HangingPastTimeout_IsKilledWithItsChildrenAndTimedOut()
    {
        // The background subshell may not even have started when the limit passes on a loaded machine; whenever it
        // starts, it is in the command's process group and stopped with it. Checked by its process, not by a wait.
        var marker = ProcessProbe.Marker();
        var file = Path.Combine(Path.GetTempPath(), "tollgate-child-" + Guid.NewGuid().ToString("N"));
        var watch = Stopwatch.StartNew();

        var result = await Run($"(sleep {marker}; touch {file}) & sleep {marker}", timeoutSeconds: 1);

        result.TimedOut.ShouldBeTrue();
        result.Succeeded.ShouldBeFalse();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        ProcessProbe.Find(marker).ShouldBeEmpty("the background child must be killed with the command");
        File.Exists(file).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" >/dev/null")]
    public async Task RunAsync_ExitsZeroLeavingABackgroundChildOnItsOutput_SucceedsWhenItExits(string redirect)
    {
        // Before: the runner waited for the output pipes to close, not for the shell to exit, so a hook that started
        // a background process and exited 0 ran into its time limit and was reported killed (timeout).
        var marker = ProcessProbe.Marker();
        var watch = Stopwatch.StartNew();

        var result = await Run($"echo started; (sleep {marker}){redirect} & exit 0", timeoutSeconds: 30);

        result.Succeeded.ShouldBeTrue(result.Describe());
        result.TimedOut.ShouldBeFalse();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "the exit decides, not the end of the output");
        result.OutputTail.ShouldBe("started");
        result.OutputHeldOpen.ShouldBeTrue();
        result.Describe().ShouldEndWith("(a process it left in the background held its output open and was stopped)");
        ProcessProbe.Find(marker).ShouldBeEmpty("what held the output open is stopped with the command's group");
    }

    [Fact]
    public async Task RunAsync_HangingWithItsOutputClosed_StillTimesOut()
    {
        var marker = ProcessProbe.Marker();

        var result = await Run($"exec >/dev/null 2>&1; sleep {marker}", timeoutSeconds: 1);

        result.TimedOut.ShouldBeTrue();
        result.Describe().ShouldStartWith("was killed after ");
        result.Describe().ShouldEndWith(" s (timeout)");
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_KilledBySignal_NamesTheSignal()
    {
        // Before: "exited 137 in 0 s".
        var result = await Run("kill -KILL $$");

        result.Succeeded.ShouldBeFalse();
        result.ExitCode.ShouldBe(137);
        result.Describe().ShouldStartWith("was killed by SIGKILL after ");
        result.Describe().ShouldEndWith(" s (exit 137)");
    }

    [Fact]
    public async Task RunAsync_OutputWithControlCharactersBidiAndBadUtf8_EchoedEscaped()
    {
        // Before: "  | " and the line as printed, ESC, CR, RLO (U+202E) and CSI (U+009B) passed to the terminal raw.
        var log = new StringWriter();

        var result = await ShellCommand.RunAsync(
            "printf 'plain text\\n\\033[31mred\\033[0m\\rover\\n\\342\\200\\256evil\\342\\200\\254 \\302\\233J\\n\\377\\300\\233\\tt\\n'; printf 'a\\033]0;title\\007b\\n' >&2",
            TimeSpan.FromSeconds(10), log, Path.GetTempPath(), CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        log.ToString().ShouldBe(
            "  | plain text\n" +
            "  | \\u001b[31mred\\u001b[0m\\rover\n" +
            "  | \\u202eevil\\u202c \\u009bJ\n" +
            "  | \ufffd\ufffd\ufffd\\tt\n" +
            "  | a\\u001b]0;title\\u0007b\n");
    }
}
