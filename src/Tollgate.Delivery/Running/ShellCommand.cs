using System.Diagnostics;
using System.Text;

namespace Tollgate.Delivery.Running;

/// <summary>
/// Runs a user's deploy, rollback, check or forward command through <c>/bin/sh -c</c> with a time limit. A command
/// past its limit is killed with its whole process tree and reported as timed out, never as a success. The last
/// lines of its output are kept for the report and echoed to <paramref name="log"/> as they arrive.
/// </summary>
public static class ShellCommand
{
    private const int TailLines = 20;

    public static async Task<CommandResult> RunAsync(string command, TimeSpan timeout, TextWriter? log, string workingDirectory, CancellationToken cancellationToken)
    {
        var tail = new Queue<string>();
        var start = Stopwatch.GetTimestamp();
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("/bin/sh", ["-c", command])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = workingDirectory,
            },
        };
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(e.Data);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }

                log?.WriteLine("  | " + e.Data);
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandResult(command, null, false, TimeSpan.Zero, e.Message);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        process.WaitForExit(); // drains the asynchronous output readers
        string output;
        lock (tail)
        {
            output = new StringBuilder().AppendJoin('\n', tail).ToString();
        }

        return new CommandResult(command, timedOut ? null : process.ExitCode, timedOut, Stopwatch.GetElapsedTime(start), output);
    }
}
