using System.Text.Json;
using Tollgate.Cli;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>What one in-process run of the tollgate command line printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    private static readonly TimeSpan MaxRun = TimeSpan.FromMinutes(3);

    public static async Task<CliRun> RunAsync(string workingDirectory, TimeProvider? clock, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = new CliHost(stdout, stderr, clock ?? TimeProvider.System, workingDirectory);
        int code;
        try
        {
            code = await TollgateCli.RunAsync(args, host).WaitAsync(MaxRun);
        }
        catch (TimeoutException)
        {
            // A run that never ends fails its own test, naming the command, instead of holding the whole test run.
            throw new TimeoutException($"tollgate {string.Join(' ', args)} did not end within {MaxRun.TotalMinutes:0} minutes; it printed: {stderr}");
        }

        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json() => JsonDocument.Parse(Out).RootElement.Clone();
}
