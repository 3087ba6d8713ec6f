using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Tollgate.Processes;

/// <summary>
/// The one way Tollgate runs an external tool. Every run has a time limit and output limits; on timeout, on cancel
/// or when the caller stops reading, the child and every process it started are stopped (SIGTERM, then SIGKILL after
/// the grace) before the call returns, so nothing is left behind: the child leads a process group of its own
/// (<see cref="ProcessGroup"/>), so what it starts is stopped with it even after its parent has exited. Failures are
/// values (<see cref="ChildResult"/>); cancellation is an <see cref="OperationCanceledException"/> thrown after the
/// tree is gone.
/// </summary>
public static class ChildProcess
{
    /// <summary>
    /// On cancel from outside (a signal), the child may have had the same signal from the terminal or from
    /// <c>timeout</c>: it gets this long to stop by itself before it is sent SIGTERM, because a second interrupt
    /// makes terraform exit at once without releasing its state lock.
    /// </summary>
    public static readonly TimeSpan SelfStopWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After the child has exited, how long what is still in its output pipes is read before whatever holds them open
    /// (a process it left in the background) is stopped.
    /// </summary>
    public static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(1.5);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> Running = new();

    /// <summary>Waits until every child run has ended (and its tree is stopped), or <paramref name="limit"/> has passed.</summary>
    public static async Task WhenAllEndedAsync(TimeSpan limit)
    {
        try
        {
            await Task.WhenAll(Running.Keys).WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Runs the command to the end and keeps its output (up to <see cref="ChildCommand.MaxOutputBytes"/>).</summary>
    public static async Task<ChildResult> RunAsync(ChildCommand command, CancellationToken cancellationToken = default)
    {
        var (result, output, failure) = await RunCoreAsync(command, (stream, token) => ReadBounded(stream, command.MaxOutputBytes, token), cancellationToken).ConfigureAwait(false);
        Rethrow(failure);
        return result with { Output = output ?? "" };
    }

    /// <summary>
    /// Runs the command and hands its standard output to <paramref name="read"/> (on a worker thread) while it runs.
    /// When <paramref name="read"/> throws, the tree is stopped and the exception rethrown, unless the child failed
    /// too (then the result says how, and the value is default).
    /// </summary>
    public static async Task<(ChildResult Result, T? Value)> StreamAsync<T>(ChildCommand command, Func<Stream, CancellationToken, T> read, CancellationToken cancellationToken = default)
    {
        var (result, value, failure) = await RunCoreAsync(command, read, cancellationToken).ConfigureAwait(false);
        Rethrow(failure);
        return (result, value);
    }

    /// <summary>
    /// Why the program did not start, from the errno it failed with ("no such file or directory", "permission denied"):
    /// never the runtime's message, a resource key in the Native AOT binary ("ErrorStartingProcess, …").
    /// </summary>
    private static string Why(Win32Exception e) => e.NativeErrorCode > 0 ? Domain.Inputs.FileProblem.Describe(e, "") : e.Message;

    private static void Rethrow(Exception? failure)
    {
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private static async Task<(ChildResult Result, T? Value, Exception? Failure)> RunCoreAsync<T>(ChildCommand command, Func<Stream, CancellationToken, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        Process process;
        var wrap = ProcessGroup.Wrap(command.Executable);
        try
        {
            process = Process.Start(StartInfo(command, wrap)) ?? throw new Win32Exception(0, "the process did not start");
        }
        catch (Win32Exception e)
        {
            return (new ChildResult(command, ChildOutcome.NotStarted, -1, "", "", clock.Elapsed) { StartError = Why(e) }, default, null);
        }

        using (process)
        using (var timeout = new CancellationTokenSource())
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            if (command.Timeout != Timeout.InfiniteTimeSpan)
            {
                timeout.CancelAfter(command.Timeout);
            }

            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Running.TryAdd(ended.Task, 0);
            try
            {
                var group = wrap is null ? (int?)null : process.Id;
                return await SuperviseAsync(command, read, process, group, clock, timeout, stop, stopped, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ended.TrySetResult();
                Running.TryRemove(ended.Task, out _);
            }
        }
    }

    private static async Task<(ChildResult Result, T? Value, Exception? Failure)> SuperviseAsync<T>(
        ChildCommand command, Func<Stream, CancellationToken, T> read, Process process, int? group, Stopwatch clock,
        CancellationTokenSource timeout, CancellationTokenSource stop, TaskCompletionSource stopped, CancellationToken cancellationToken)
    {
        await using var onStop = stop.Token.Register(() => _ = StopAndSignalAsync(process, group, command.Grace, timeout.IsCancellationRequested ? TimeSpan.Zero : SelfStopWindow, stopped));
        var errors = Task.Run(() => ReadTail(process.StandardError, command.MaxErrorChars), CancellationToken.None);
        var input = WriteInputAsync(process, command.Input);
        var reading = Task.Run(() =>
        {
            var result = read(process.StandardOutput.BaseStream, stop.Token);
            process.StandardOutput.BaseStream.CopyTo(Stream.Null); // what the reader left, so the child never blocks on a full pipe
            return result;
        }, CancellationToken.None);

        // The child's exit decides the run, not the end of its output: a process it left in the background may hold
        // the pipes open long after. Once it has exited, what is in the pipes is read for a short while, then whatever
        // still holds them is stopped (the group the child led), and its result stands.
        var exitedFirst = false;
        var heldOpen = false;
        var exit = process.WaitForExitAsync(CancellationToken.None);
        if (await Task.WhenAny(reading, exit).ConfigureAwait(false) != reading && !stop.IsCancellationRequested)
        {
            exitedFirst = true;
            heldOpen = await StopWhatHoldsAsync(Task.WhenAll(reading, errors), process, group, command.Grace).ConfigureAwait(false);
        }

        // Once what held the pipes is stopped they close, and the reader (which may still be busy with what it read:
        // a large plan's JSON) is waited for to its end.
        T? value = default;
        Exception? failure = null;
        try
        {
            value = await reading.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }

        var stoppedForReader = false;
        if (failure is not null && !stop.IsCancellationRequested && !await ExitsWithinAsync(process, TimeSpan.FromMilliseconds(500)).ConfigureAwait(false))
        {
            // The reader gave up (bad output, output limit) and the child goes on: stop it rather than wait for it.
            stoppedForReader = true;
            await ProcessTree.StopAsync(process, group, command.Grace, TimeSpan.Zero).ConfigureAwait(false);
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (stop.IsCancellationRequested)
        {
            await stopped.Task.ConfigureAwait(false);
        }

        // Standard output ended first; the child has exited since, and standard error may still be held open.
        exitedFirst |= !stop.IsCancellationRequested;
        heldOpen = heldOpen || (exitedFirst && await StopWhatHoldsAsync(errors, process, group, command.Grace).ConfigureAwait(false));
        await input.ConfigureAwait(false);
        var errorText = await errors.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = timeout.IsCancellationRequested && !exitedFirst ? ChildOutcome.TimedOut : ChildOutcome.Exited;
        var result = new ChildResult(command, outcome, process.ExitCode, "", errorText, clock.Elapsed) { OutputHeldOpen = heldOpen };
        if (failure is OutputLimitExceededException)
        {
            return (result with { Outcome = ChildOutcome.OutputTooLarge }, default, null);
        }

        // The reader's failure is the story when the child did its part (or was stopped because of the reader);
        // when the child failed by itself, its own failure is.
        var readerFailed = failure is not null && outcome == ChildOutcome.Exited && (stoppedForReader || result.ExitCode == 0);
        return (result, failure is null ? value : default, readerFailed ? failure : null);
    }

    /// <summary>
    /// After the child's exit: when <paramref name="pipes"/> (the reading of its output) do not end within
    /// <see cref="OutputGrace"/>, stops what is left of its tree, which holds them open, and says so.
    /// </summary>
    private static async Task<bool> StopWhatHoldsAsync(Task pipes, Process process, int? group, TimeSpan grace)
    {
        if (await EndsWithinAsync(pipes, OutputGrace).ConfigureAwait(false))
        {
            return false;
        }

        await ProcessTree.StopAsync(process, group, grace, TimeSpan.Zero).ConfigureAwait(false);
        return true;
    }

    /// <summary>True when <paramref name="task"/> ends (however) within <paramref name="wait"/>.</summary>
    private static async Task<bool> EndsWithinAsync(Task task, TimeSpan wait) =>
        await Task.WhenAny(task, Task.Delay(wait)).ConfigureAwait(false) == task;

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan wait)
    {
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(wait).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task StopAndSignalAsync(Process process, int? group, TimeSpan grace, TimeSpan selfStop, TaskCompletionSource stopped)
    {
        try
        {
            await ProcessTree.StopAsync(process, group, grace, selfStop).ConfigureAwait(false);
        }
        finally
        {
            stopped.TrySetResult();
        }
    }

    /// <summary>The child's start; with <paramref name="wrap"/>, through setsid as the leader of a group of its own.</summary>
    private static ProcessStartInfo StartInfo(ChildCommand command, (string Program, string Executable)? wrap)
    {
        var info = new ProcessStartInfo(wrap?.Program ?? command.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (command.WorkingDirectory is not null)
        {
            info.WorkingDirectory = command.WorkingDirectory;
        }

        if (wrap is { } w)
        {
            info.ArgumentList.Add(w.Executable);
        }

        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Tollgate's own secrets stay with Tollgate; a variable the command sets itself is still set.
        foreach (var secret in SecretVariables.All)
        {
            info.Environment.Remove(secret);
        }

        foreach (var (name, value) in command.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child closed its input (or was stopped) before reading all of it: its exit code says the rest.
        }
    }

    /// <summary>Standard output as text; longer than <paramref name="limit"/> bytes stops the run.</summary>
    private static string ReadBounded(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new OutputLimitExceededException();
            }

            buffer.Write(chunk, 0, read);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The last <paramref name="keep"/> characters of a stream, read to its end.</summary>
    private static string ReadTail(StreamReader reader, int keep)
    {
        var text = new StringBuilder();
        var chunk = new char[8192];
        int read;
        while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
        {
            text.Append(chunk, 0, read);
            if (text.Length > keep * 2)
            {
                text.Remove(0, text.Length - keep);
            }
        }

        return text.Length > keep ? text.ToString(text.Length - keep, keep) : text.ToString();
    }
}
