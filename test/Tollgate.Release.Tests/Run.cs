using System.Diagnostics;

namespace Tollgate.Release.Tests;

/// <summary>One run of a program with captured output and a time limit.</summary>
internal sealed record Run(int Code, string Out, string Error)
{
    public static async Task<Run> StartAsync(string executable, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? limit = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(executable, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.Environment.Remove("TF_CLI_CONFIG_FILE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', args)} did not finish");
        }

        return new Run(process.ExitCode, await output, await error);
    }
}
