using Tollgate.Cli.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Processes;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// The process around the command line: refuses a closed standard output before anything can take its descriptor,
/// runs the command off the main thread, and on SIGINT/SIGTERM cancels it, waits for it (300 ms, or what the command
/// asked for in <see cref="CliHost.StopGrace"/>: <c>serve</c> drains and finishes its requests; work
/// that cannot be cancelled, such as a blocked read of a FIFO or a CEL evaluation, is abandoned), waits for child
/// process trees to be stopped, removes a report or picture still being written (<see cref="StagedFile"/>; the file it
/// was to replace stays as it was) and a new SQLite ledger still being built aside (<see cref="Ledger.NewLedger"/>), and exits 130 or 143 with one line on standard error and no stack trace.
/// </summary>
internal static class SignalledRun
{
    /// <summary>How long a cancelled command may take to finish before the process exits without it.</summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest wait for child trees being stopped (terraform gets a grace to release its state lock).</summary>
    public static readonly TimeSpan ChildrenWait = TimeSpan.FromSeconds(10);

    public static async Task<int> MainAsync(string[] args)
    {
        if (!OperatingSystem.IsWindows() && !StandardOutputStream.IsOpen())
        {
            TryWriteError("tollgate: error: standard output is closed: redirect it to a file or /dev/null, or use --output FILE");
            return VerdictExtensions.ErrorExitCode;
        }

        using var signals = TerminationSignals.Register();
        var host = CliHost.System();
        var run = Task.Run(() => TollgateCli.RunAsync(args, host, signals.Token));
        // A command cancelled by the signal can end before the signal's own continuation runs; that still is a
        // stop by the signal (143 for SIGTERM, with its line), not the 130 the cancelled command returns.
        if (await Task.WhenAny(run, signals.Received) == run
            && !(signals.Received.IsCompleted && await run == TollgateCli.InterruptedExitCode))
        {
            return await run;
        }

        var signal = await signals.Received;
        await Task.WhenAny(run, Task.Delay(host.StopGrace.Wait)); // serve's is its drain delay and shutdown timeout
        await ChildProcess.WhenAllEndedAsync(ChildrenWait);
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(100))); // a command whose child just stopped is ending
        StagedFile.RemoveUnfinished(); // a report still being flushed: the file it would replace stays as it was
        Ledger.NewLedger.RemoveUnfinished(); // a new SQLite ledger still being built aside (events ingest): no ledger, no aside files
        TryWriteError($"tollgate: stopped by {TerminationSignals.NameOf(signal)}{(run.IsCompleted ? "" : " (work in progress abandoned)")}");
        var code = TerminationSignals.ExitCodeOf(signal);
        Environment.Exit(code);
        return code;
    }

    private static void TryWriteError(string line)
    {
        try
        {
            Console.Error.WriteLine(line);
        }
        catch (IOException)
        {
        }
    }
}
