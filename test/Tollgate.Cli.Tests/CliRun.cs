using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Cli.Tests;

/// <summary>Runs the real command line in-process with captured streams and a fixed clock.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static Task<CliRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    /// <summary>Runs with <paramref name="input"/> as standard input (for <c>-</c>).</summary>
    public static async Task<CliRun> RunAsync(string workingDirectory, Stream? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(output, error, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)), workingDirectory)
        {
            OpenInput = () => input ?? Stream.Null,
        };
        var code = await TollgateCli.RunAsync(args, host);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
