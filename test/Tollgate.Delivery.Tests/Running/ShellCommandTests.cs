using System.Diagnostics;
using Tollgate.Delivery.Running;

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
        var marker = Path.Combine(Path.GetTempPath(), "tollgate-child-" + Guid.NewGuid().ToString("N"));
        var watch = Stopwatch.StartNew();

        var result = await Run($"(sleep 3; touch {marker}) & sleep 30", timeoutSeconds: 1);
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        result.TimedOut.ShouldBeTrue();
        result.Succeeded.ShouldBeFalse();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        File.Exists(marker).ShouldBeFalse("the background child must be killed with the command");
    }
}
