using System.Diagnostics;
using System.Text;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>The real built tollgate (<c>dotnet tollgate.dll</c>, the same process) started as a user would, to send it signals.</summary>
internal sealed class BuiltTollgate : IDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;
    private readonly StringBuilder errorSoFar = new();
    private readonly List<(string Line, TaskCompletionSource<bool> Seen)> awaitedLines = [];

    private BuiltTollgate(Process process)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync();
        error = ReadErrorAsync();
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "tollgate.dll");

    public int Id => process.Id;

    public static BuiltTollgate Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        // Through env(1) with SIGINT and SIGTERM at their defaults: a test run started in the background by a script
        // inherits SIGINT ignored, and tollgate, as any program, keeps an ignored signal ignored.
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT,TERM");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new BuiltTollgate(Process.Start(info)!);
    }

    /// <summary>Whether <paramref name="line"/> (a whole line) appears on standard error within <paramref name="within"/>; false once it ends without it.</summary>
    public async Task<bool> ErrorLineAsync(string line, TimeSpan within)
    {
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (errorSoFar)
        {
            if (HasLine(errorSoFar.ToString(), line))
            {
                return true;
            }

            awaitedLines.Add((line, seen));
        }

        return await Task.WhenAny(seen.Task, Task.Delay(within)) == seen.Task && await seen.Task;
    }

    private async Task<string> ReadErrorAsync()
    {
        var chunk = new char[4096];
        int read;
        while ((read = await process.StandardError.ReadAsync(chunk)) > 0)
        {
            lock (errorSoFar)
            {
                errorSoFar.Append(chunk, 0, read);
                var text = errorSoFar.ToString();
                foreach (var (line, seen) in awaitedLines.Where(a => HasLine(text, a.Line)))
                {
                    seen.TrySetResult(true);
                }
            }
        }

        lock (errorSoFar)
        {
            foreach (var (_, seen) in awaitedLines)
            {
                seen.TrySetResult(false);
            }

            return errorSoFar.ToString();
        }
    }

    private static bool HasLine(string text, string line) => ("\n" + text).Contains("\n" + line + "\n", StringComparison.Ordinal);

    /// <summary>Sends SIGTERM, SIGINT or SIGKILL with kill(2), so the time measured after it is tollgate's own.</summary>
    public void Signal(string name) => Kill(process.Id, name switch { "INT" => 2, "KILL" => 9, _ => 15 }).ShouldBe(0);

    /// <summary>Waits for the exit and returns the exit code, standard output and standard error.</summary>
    public async Task<(int Code, string Out, string Error)> ExitAsync(TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tollgate did not exit within {within}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs <c>/bin/sh -c SCRIPT</c> where <c>$TOLLGATE</c> is the built tollgate; returns its exit and standard error.</summary>
    public static async Task<(int Code, string Error)> ShellAsync(string workingDirectory, string script)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["TOLLGATE"] = "dotnet " + Dll;
        using var shell = Process.Start(info)!;
        var error = await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        return (shell.ExitCode, error);
    }

    /// <summary>
    /// Runs the built tollgate under <paramref name="wrapper"/> (<c>prlimit --fsize=N</c>, <c>strace -f</c>: a program
    /// that runs the rest of its arguments) to its exit; returns the exit code, standard output and standard error.
    /// </summary>
    public static async Task<(int Code, string Out, string Error)> RunUnderAsync(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment, IEnumerable<string> wrapper, params string[] args)
    {
        var info = new ProcessStartInfo(wrapper.First())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[.. wrapper.Skip(1), "dotnet", Dll, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await error);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
