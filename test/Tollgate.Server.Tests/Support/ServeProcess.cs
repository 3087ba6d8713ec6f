using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tollgate.Server.Tests.Support;

/// <summary>
/// <c>tollgate serve</c> as a user starts it: the built binary (<c>dotnet tollgate.dll</c>) in a process of its own,
/// through env(1) with SIGINT and SIGTERM at their defaults, its address read from its "listening on" log line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;
    private readonly Task<string> _error;

    private ServeProcess(Process process)
    {
        _process = process;
        _reading = Task.Run(ReadAsync);
        _error = process.StandardError.ReadToEndAsync();
    }

    public HttpClient Http { get; private set; } = new();

    /// <summary>
    /// The CLI as its own build wrote it (src/Tollgate.Cli/bin/CONFIGURATION/TFM): this test project's output holds the
    /// framework's Microsoft.Extensions assemblies, older than the packages tollgate.deps.json names.
    /// </summary>
    private static string Dll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "Tollgate.Cli", "bin", output.Parent!.Name, output.Name, "tollgate.dll");
        }
    }

    /// <summary>The JSON log lines written so far on standard output.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public static async Task<ServeProcess> StartAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--default-signal=INT,TERM", "dotnet", Dll, "serve", "--urls", "http://127.0.0.1:0", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(Process.Start(info)!);
        var url = await serve._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        serve.Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        return serve;
    }

    /// <summary>Sends SIGTERM with kill(2).</summary>
    public void Terminate() => Kill(_process.Id, 15).ShouldBe(0);

    /// <summary>Waits for the exit; its code and standard error.</summary>
    public async Task<(int Code, string Error)> ExitAsync(TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tollgate serve did not exit within {within}");
        }

        await _reading;
        return (_process.ExitCode, await _error);
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }

            if (Listening().Match(line) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        }

        _listening.TrySetException(new InvalidOperationException("tollgate serve ended before it listened: " + await _error));
    }

    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
