using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Cli;

namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary>What one in-process run of the tollgate command line printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(string workingDirectory, string? input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = new CliHost(stdout, stderr, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)), workingDirectory)
        {
            OpenInput = () => new MemoryStream(Encoding.UTF8.GetBytes(input ?? "")),
        };
        var code = await TollgateCli.RunAsync(args, host);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json() => JsonDocument.Parse(Out).RootElement.Clone();
}
