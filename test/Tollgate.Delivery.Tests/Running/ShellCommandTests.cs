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
    public async Task RunAsync_NonZeroExit_IsNotASuccess()
    {
        var result = await Run("exit 3");

        result.Succeeded.ShouldBeFalse();
        result.ExitCode.ShouldBe(3);
        result.Describe().ShouldStartWith("exit 3 in");
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
}
