using System.Text.Json;
using Tollgate.Cli;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>What one in-process run of the tollgate command line printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(string workingDirectory, TimeProvider? clock, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = new CliHost(stdout, stderr, clock ?? TimeProvider.System, workingDirectory);
        var code = await TollgateCli.RunAsync(args, host);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json() => JsonDocument.Parse(Out).RootElement.Clone();
}
