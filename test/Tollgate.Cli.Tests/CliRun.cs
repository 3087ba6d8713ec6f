using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Cli.Tests;

/// <summary>Runs the real command line in-process with captured streams and a fixed clock.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static Task<CliRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, (Stream?)null, args);

    /// <summary>Runs with <paramref name="input"/> as standard input (for <c>-</c>).</summary>
    public static Task<CliRun> RunAsync(string workingDirectory, Stream? input, params string[] args) =>
        RunAsync(workingDirectory, () => input ?? Stream.Null, args);

    /// <summary>Runs with <paramref name="openInput"/> opening standard input (for <c>-</c>; it may throw as a file system would).</summary>
    public static Task<CliRun> RunAsync(string workingDirectory, Func<Stream> openInput, params string[] args) =>
        RunAsync(workingDirectory, openInput, Environment.GetEnvironmentVariable, args);

    /// <summary>Runs with <paramref name="input"/> as standard input and <paramref name="variables"/> as the whole environment.</summary>
    public static Task<CliRun> RunAsync(string workingDirectory, string input, IReadOnlyDictionary<string, string> variables, params string[] args) =>
        RunAsync(workingDirectory, () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input)), name => variables.GetValueOrDefault(name), args);

    private static async Task<CliRun> RunAsync(string workingDirectory, Func<Stream> openInput, Func<string, string?> variable, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(output, error, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)), workingDirectory)
        {
            OpenInput = openInput,
            Variable = variable,
        };
        var code = await TollgateCli.RunAsync(args, host);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
