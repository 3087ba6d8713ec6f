using Tollgate.Domain;
using Tollgate.Processes;

namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>Renders DOT to SVG with graphviz's <c>dot</c> (from PATH, or <c>TOLLGATE_DOT</c>), bounded like every child run.</summary>
public static class SvgRenderer
{
    /// <summary>How long graphviz may take: a layout of a very large graph can run for minutes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Copies what graphviz prints into <paramref name="output"/> as it prints it; graphviz never opens the target,
    /// so a graphviz that fails, is missing or is stopped throws after having written only to
    /// <paramref name="output"/>, which its owner then discards.
    /// </summary>
    public static async Task RenderAsync(string dot, Stream output, CancellationToken cancellationToken = default)
    {
        var executable = Environment.GetEnvironmentVariable("TOLLGATE_DOT") is { Length: > 0 } custom ? custom : "dot";
        var command = new ChildCommand(executable, ["-Tsvg"])
        {
            Input = dot,
            Timeout = Timeout,
            Doing = "graphviz dot",
        };
        var (result, _) = await ChildProcess.StreamAsync(command, (svg, _) =>
        {
            svg.CopyTo(output, 1 << 16);
            return true;
        }, cancellationToken);
        switch (result.Outcome)
        {
            case ChildOutcome.NotStarted:
                throw new InvalidInputException($"--svg needs graphviz, and '{executable}' is not installed: install graphviz (e.g. apt-get install graphviz) or use --dot FILE or --html FILE instead");
            case ChildOutcome.Exited when result.ExitCode != 0:
                throw new InvalidInputException($"graphviz dot failed ({result.ExitCode}): {result.Errors.ReplaceLineEndings(" ").Trim()}");
            case ChildOutcome.TimedOut:
                throw new InvalidInputException(result.Failure);
        }
    }
}
