using System.Text.RegularExpressions;
using Tollgate.Domain;
using Tollgate.Processes;

namespace Tollgate.Terraform.Running;

/// <summary>
/// Runs the user's own <c>terraform</c> binary (from PATH, or <c>TOLLGATE_TERRAFORM</c>) without colour or prompts,
/// through <see cref="ChildProcess"/>: each run is bounded by <see cref="Timeout"/>, and a run that is cancelled or
/// times out is stopped with everything it started (SIGTERM first, so terraform releases its state lock).
/// </summary>
public sealed partial class TerraformCli
{
    /// <summary>The default bound of one terraform run (<c>--terraform-timeout</c>).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public string Executable { get; init; } = Environment.GetEnvironmentVariable("TOLLGATE_TERRAFORM") is { Length: > 0 } custom ? custom : "terraform";

    /// <summary>How long one terraform run may take before it is stopped and the command ends with exit 3.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Time terraform gets to stop cleanly (and release its lock) before it is killed.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs terraform and returns its output; a non-zero exit is an input error with terraform's own first error.</summary>
    public async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var result = await ChildProcess.RunAsync(Command(workingDirectory, arguments), cancellationToken);
        ThrowIfFailed(result);
        return result.Output;
    }

    /// <summary>Runs terraform and hands its standard output to <paramref name="read"/> as a stream while it runs.</summary>
    public async Task<T> StreamAsync<T>(string workingDirectory, IReadOnlyList<string> arguments, Func<Stream, T> read, CancellationToken cancellationToken = default)
    {
        var (result, value) = await ChildProcess.StreamAsync(Command(workingDirectory, arguments), (stream, _) => read(stream), cancellationToken);
        ThrowIfFailed(result);
        return value!;
    }

    private ChildCommand Command(string workingDirectory, IReadOnlyList<string> arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["NO_COLOR"] = "1",
        };
        if (Environment.GetEnvironmentVariable("TF_CLI_CONFIG_FILE") is { Length: > 0 } config && !File.Exists(config))
        {
            environment["TF_CLI_CONFIG_FILE"] = null;
        }

        return new ChildCommand(Executable, arguments)
        {
            WorkingDirectory = workingDirectory,
            Environment = environment,
            Timeout = Timeout,
            Grace = Grace,
            Doing = $"terraform {(arguments.Count > 0 ? arguments[0] : "")} in {workingDirectory}",
        };
    }

    private void ThrowIfFailed(ChildResult result)
    {
        switch (result.Outcome)
        {
            case ChildOutcome.NotStarted:
                throw new InvalidInputException($"cannot run '{Executable}': {result.StartError}; install Terraform or put it on PATH (or set TOLLGATE_TERRAFORM)");
            case ChildOutcome.TimedOut:
                throw new InvalidInputException($"{result.Failure}; raise --terraform-timeout if it needs longer");
            case ChildOutcome.OutputTooLarge:
                throw new InvalidInputException(result.Failure);
            case ChildOutcome.Exited when result.ExitCode != 0:
                throw new InvalidInputException($"terraform {(result.Command.Arguments.Count > 0 ? result.Command.Arguments[0] : "")} failed in {result.Command.WorkingDirectory}: {FirstError(result.Errors.Length > 0 ? result.Errors : result.Output)}");
        }
    }

    /// <summary>
    /// Terraform's first error on one line: its summary, where (<c>main.tf line 1</c>) and its detail, without the
    /// source lines terraform quotes. <c>terraform init</c> opens with an error that only announces the ones
    /// "described below": the first of those is the one given.
    /// </summary>
    public static string FirstError(string output)
    {
        // Inside the frame, the values terraform notes under a quoted source line (`│ var.in is "…"`) are dropped with
        // it: they are configuration values, and read as part of the message when run together with it.
        var lines = output.Split('\n')
            .Select(l => l.TrimEnd())
            .Select(l => l.Length > 0 && l[0] is '│' or '╷' or '╵' ? l[1..] : l)
            .Where(l => !l.TrimStart().StartsWith('│'))
            .Select(l => l.Trim().Trim('│', '╷', '╵', ' ').Trim())
            .Where(l => l.Length > 0)
            .ToList();
        var starts = Enumerable.Range(0, lines.Count).Where(i => lines[i].StartsWith("Error:", StringComparison.Ordinal)).ToList();
        if (starts.Count == 0)
        {
            return lines.Count > 0 ? lines[^1] : "(no output)";
        }

        var blocks = starts.Select(start => lines.Skip(start).TakeWhile((l, k) => k == 0 || !IsDiagnostic(l)).ToList()).ToList();
        var block = blocks.FirstOrDefault(b => !string.Join(" ", b).Contains("described below", StringComparison.Ordinal)) ?? blocks[0];
        var where = block.Skip(1).Select(l => SourceLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        var details = block.Skip(1).Where(l => !l.StartsWith("on ", StringComparison.Ordinal) && !QuotedSource().IsMatch(l)).ToList();
        // Three lines of detail, then on to the end of the sentence they stop in (terraform wraps its sentences).
        var taken = Math.Min(3, details.Count);
        while (taken < details.Count && taken < 10 && !EndsSentence(details[taken - 1]))
        {
            taken++;
        }

        var text = string.Join(" ", [block[0] + (where is null ? "" : $" (on {where})"), .. details.Take(taken)]);
        return text.Length > 800 ? text[..800] + "…" : text;
    }

    private static bool EndsSentence(string line) => line.EndsWith('.') || line.EndsWith(':') || line.EndsWith('?') || line.EndsWith('!');

    private static bool IsDiagnostic(string line) =>
        line.StartsWith("Error:", StringComparison.Ordinal) || line.StartsWith("Warning:", StringComparison.Ordinal);

    [GeneratedRegex(@"^on (.+? line \d+)")]
    private static partial Regex SourceLine();

    /// <summary>The configuration lines terraform quotes under a diagnostic (<c>1: resource "x" "y" {</c>) and their markers.</summary>
    [GeneratedRegex(@"^(\d+:\s|├|─)")]
    private static partial Regex QuotedSource();
}
