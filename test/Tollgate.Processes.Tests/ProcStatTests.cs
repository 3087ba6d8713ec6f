using System.Diagnostics;

namespace Tollgate.Processes.Tests;

/// <summary>
/// /proc/PID/stat as the tree stop reads it: fields after the last ')' (a command name may hold both), and the start
/// time that tells a process from a later one given the same pid.
/// </summary>
public sealed class ProcStatTests
{
    // A real line's shape: a command name with spaces and parentheses, then state, parent, group ... start time (22nd field).
    private const string Line = "4242 (a) b (c) S 17 4242 4242 0 -1 4194560 200 0 0 0 3 1 0 0 20 0 1 0 98765432109 10000 300 18446744073709551615";

    [Fact]
    public void Fields_CommandNameWithParentheses_ReadAfterTheLastOne()
    {
        ProcStat.StateOf(Line).ShouldBe('S');
        ProcStat.ParentOf(Line).ShouldBe(17);
        ProcStat.GroupOf(Line).ShouldBe(4242);
        ProcStat.StartOf(Line).ShouldBe(98765432109L); // past int's range: a machine up for long enough
    }

    [Fact]
    public void Fields_TruncatedLine_NoStartTime()
    {
        ProcStat.StartOf("4242 (x) S 1 2").ShouldBeNull();
        ProcStat.ParentOf("4242 (x").ShouldBeNull();
    }

    [Fact]
    public async Task StartIfAlive_RunningThenReaped_StartTimeThenNothing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var start = ProcessTree.StartIfAlive(child.Id);
        var self = ProcessTree.StartIfAlive(Environment.ProcessId);

        start.ShouldNotBeNull();
        self.ShouldNotBeNull();
        start.Value.ShouldBeGreaterThanOrEqualTo(self.Value); // started after this test process
        ProcessTree.StartIfAlive(child.Id).ShouldBe(start); // the same process reads the same
        child.Kill();
        await child.WaitForExitAsync();
        ProcessTree.StartIfAlive(child.Id).ShouldBeNull();
    }
}
