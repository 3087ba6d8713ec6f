using System.Diagnostics;
using Tollgate.Testing;

namespace Tollgate.Processes.Tests;

public sealed class ChildProcessTests
{
    private static ChildCommand Shell(string script) => new("/bin/sh", ["-c", script]) { Doing = "sh" };

    [Fact]
    public async Task RunAsync_ChildPrints_ReturnsOutputAndErrors()
    {
        var result = await ChildProcess.RunAsync(Shell("echo out; echo err >&2") with { Input = "ignored" });

        result.Succeeded.ShouldBeTrue();
        result.Output.ShouldBe("out\n");
        result.Errors.ShouldBe("err\n");
    }

    [Fact]
    public async Task RunAsync_InputGiven_ChildReadsIt()
    {
        var result = await ChildProcess.RunAsync(new ChildCommand("/bin/cat", []) { Input = "digraph {}" });

        result.Output.ShouldBe("digraph {}");
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_IsAValueNamingTheRun()
    {
        var result = await ChildProcess.RunAsync(Shell("echo 'Error: no' >&2; exit 4") with { Doing = "terraform graph in /x" });

        result.Outcome.ShouldBe(ChildOutcome.Exited);
        result.ExitCode.ShouldBe(4);
        result.Failure.ShouldBe("terraform graph in /x failed (exit 4)");
        result.Errors.ShouldContain("Error: no");
    }

    [Fact]
    public async Task RunAsync_MissingExecutable_IsNotStarted()
    {
        var result = await ChildProcess.RunAsync(new ChildCommand("/nonexistent/terraform", ["plan"]));

        result.Outcome.ShouldBe(ChildOutcome.NotStarted);
        result.Failure.ShouldBe("cannot run '/nonexistent/terraform': no such file or directory");
    }

    [Fact]
    public async Task RunAsync_TimeLimitPassed_StopsTheChildAndEveryDescendant()
    {
        var marker = ProcessProbe.Marker();
        var clock = Stopwatch.StartNew();

        var result = await ChildProcess.RunAsync(Shell($"sleep {marker} & sleep {marker}; wait") with { Timeout = TimeSpan.FromMilliseconds(700), Doing = "terraform plan in /infra" });

        result.Outcome.ShouldBe(ChildOutcome.TimedOut);
        result.Failure.ShouldBe("terraform plan in /infra did not finish within 700ms; it was stopped (with every process it started)");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_TimeLimitPassed_AsksTheChildToStopBeforeKillingIt()
    {
        var marker = ProcessProbe.Marker();

        var result = await ChildProcess.RunAsync(Shell($"trap 'echo cleaned-up >&2; exit 7' TERM; sleep {marker} & wait") with { Timeout = TimeSpan.FromMilliseconds(300) });

        result.Outcome.ShouldBe(ChildOutcome.TimedOut);
        result.Errors.ShouldContain("cleaned-up");
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ChildIgnoresSigterm_IsKilledAfterTheGrace()
    {
        var marker = ProcessProbe.Marker();

        var result = await ChildProcess.RunAsync(Shell($"trap '' TERM; sleep {marker}; sleep {marker}") with
        {
            Timeout = TimeSpan.FromMilliseconds(300),
            Grace = TimeSpan.FromMilliseconds(300),
        });

        result.Outcome.ShouldBe(ChildOutcome.TimedOut);
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheTreeThenThrows()
    {
        var marker = ProcessProbe.Marker();
        using var cancel = new CancellationTokenSource();
        var run = ChildProcess.RunAsync(Shell($"sh -c 'sleep {marker}'; true"), cancel.Token);
        (await ProcessProbe.AppearsAsync(marker, TimeSpan.FromSeconds(5))).ShouldBeTrue();
        var clock = Stopwatch.StartNew();

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(run);
        // Half a second to stop by itself, then SIGTERM and the wait for the tree to be gone (JIT-compiled here;
        // the release test holds the native binary to its own bound).
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsDescendantsWhoseParentHasExited()
    {
        // Each subshell starts a sleep and exits at once: the sleeps are orphans, out of reach of a walk down the tree.
        var marker = ProcessProbe.Marker();
        using var cancel = new CancellationTokenSource();
        // Bounded: orphans that escape hold the output pipe open, and the run would never end.
        var run = ChildProcess.RunAsync(Shell($"(sleep {marker} &); (sleep {marker} &); sleep {marker}"), cancel.Token).WaitAsync(TimeSpan.FromSeconds(20));
        (await CountReachesAsync(marker, 3, TimeSpan.FromSeconds(10))).ShouldBeTrue();

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(run);
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ChildForksWhileItIsStopped_NothingEscapes()
    {
        // A child that ignores SIGTERM and never stops forking, each fork leaving an orphan: whatever the stop sees,
        // new processes appear between its look and its signal. The group kill is atomic with fork.
        var marker = ProcessProbe.Marker();
        using var cancel = new CancellationTokenSource();
        var run = ChildProcess.RunAsync(Shell($"trap '' TERM; while :; do (sleep {marker} &); sleep 0.02; done") with { Grace = TimeSpan.FromMilliseconds(300) }, cancel.Token).WaitAsync(TimeSpan.FromSeconds(20));
        (await CountReachesAsync(marker, 10, TimeSpan.FromSeconds(10))).ShouldBeTrue();

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(run);
        ProcessProbe.Find(marker).ShouldBeEmpty();
        await Task.Delay(300);
        ProcessProbe.Find(marker).ShouldBeEmpty("nothing forked during the stop starts afterwards");
    }

    [Fact]
    public async Task RunAsync_TimeLimitPassed_SendsTheChildOneSigtermOnly()
    {
        // Terraform takes a second interrupt as "quit now" and leaves its state lock: the group signal and the walk of
        // the tree must not both reach the child.
        var marker = ProcessProbe.Marker();

        var result = await ChildProcess.RunAsync(Shell($"trap 'echo term >&2' TERM; sleep {marker} & wait; sleep 0.5 & wait; sleep 0.5 & wait; exit 0") with
        {
            Timeout = TimeSpan.FromMilliseconds(500),
            Grace = TimeSpan.FromSeconds(5),
        });

        result.Outcome.ShouldBe(ChildOutcome.TimedOut);
        result.Errors.ShouldBe("term\n");
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ChildPrintsPastTheLimit_IsStopped()
    {
        var result = await ChildProcess.RunAsync(new ChildCommand("/usr/bin/yes", ["tollgate-output-limit"]) { MaxOutputBytes = 1 << 20 });

        result.Outcome.ShouldBe(ChildOutcome.OutputTooLarge);
        result.Failure.ShouldBe("yes tollgate-output-limit printed more than 1 MB; it was stopped");
        ProcessProbe.Find("tollgate-output-limit").ShouldBeEmpty();
    }

    [Fact]
    public async Task StreamAsync_ReaderGivesUp_StopsTheChildAndRethrows()
    {
        var marker = ProcessProbe.Marker();

        var run = ChildProcess.StreamAsync(Shell($"echo '{{'; sleep {marker}"), (stream, _) => stream.ReadByte() == '{' ? throw new FormatException("not a plan") : 0);

        (await Should.ThrowAsync<FormatException>(run)).Message.ShouldBe("not a plan");
        ProcessProbe.Find(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task StreamAsync_ChildFailsAndReaderFindsNothing_ReportsTheChild()
    {
        var (result, value) = await ChildProcess.StreamAsync(Shell("echo 'Error: Failed to load plan' >&2; exit 1"), (stream, _) => stream.ReadByte() < 0 ? throw new FormatException("empty") : 1);

        result.ExitCode.ShouldBe(1);
        result.Errors.ShouldContain("Failed to load plan");
        value.ShouldBe(0);
    }

    [Fact]
    public async Task StreamAsync_ReaderStopsEarly_ChildIsNotBlockedOnAFullPipe()
    {
        var (result, value) = await ChildProcess.StreamAsync(Shell("head -c 3000000 /dev/zero") with { Timeout = TimeSpan.FromSeconds(20) }, (stream, _) => stream.ReadByte());

        result.Succeeded.ShouldBeTrue();
        value.ShouldBe(0);
    }

    private static async Task<bool> CountReachesAsync(string marker, int count, TimeSpan within)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < within)
        {
            if (ProcessProbe.Find(marker).Count >= count)
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }
}
