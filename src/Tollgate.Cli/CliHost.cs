using System.Text;
using Tollgate.Cli.Hosting;

namespace Tollgate.Cli;

/// <summary>What a command may touch of the outside world: its streams, clock and working directory.</summary>
public sealed record CliHost(TextWriter Out, TextWriter Error, TimeProvider Clock, string WorkingDirectory)
{
    /// <summary>True when standard output is a terminal a person reads (colour, progress).</summary>
    public bool OutIsTerminal { get; init; }

    public bool ErrorIsTerminal { get; init; }

    /// <summary>Standard input, for <c>-</c> as a file argument.</summary>
    public Func<Stream> OpenInput { get; init; } = Console.OpenStandardInput;

    /// <summary>An environment variable (null when unset): credentials and the files container tools keep them in.</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>How long a signalled stop waits for the command; <c>serve</c> makes it cover its drain and shutdown.</summary>
    public StopGrace StopGrace { get; init; } = new();

    public static CliHost System() => new(StandardOut(), Console.Error, TimeProvider.System, Environment.CurrentDirectory)
    {
        OutIsTerminal = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null,
        ErrorIsTerminal = !Console.IsErrorRedirected,
    };

    // On Unix, write(2) directly so a closed pipe or a full disk is an error, not silence (StandardOutputStream).
    private static TextWriter StandardOut() =>
        OperatingSystem.IsWindows()
            ? Console.Out
            : new StreamWriter(new StandardOutputStream(), new UTF8Encoding(false), 1 << 16) { AutoFlush = true };
}
