using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Inputs;
using Tollgate.Processes;

namespace Tollgate.Policies.Rego;

/// <summary>
/// <c>--rego DIR</c>: runs the user's Rego policies on the plan JSON with <c>conftest</c> (preferred) or <c>opa</c>,
/// whichever is on PATH, and imports their deny/warn results. Neither on PATH is a configuration error with a
/// clear message, never a silent pass.
/// </summary>
public sealed class RegoRunner(string? searchPath)
{
    public const string MissingMessage =
        "--rego needs conftest or opa on PATH, and neither was found: install one (https://www.conftest.dev/install/, https://www.openpolicyagent.org/docs/#running-opa) or drop --rego";

    /// <summary>How long conftest or opa may take on one plan.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static RegoRunner FromEnvironment() => new(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>The full path of <paramref name="tool"/> on the search path, or null.</summary>
    public string? Find(string tool)
    {
        foreach (var directory in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<Finding>> RunAsync(string policyDirectory, string planJson, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(policyDirectory))
        {
            throw new InvalidInputException($"--rego {policyDirectory}: {InputFile.NotADirectory(policyDirectory)}") { ToolFault = true };
        }

        if (Find("conftest") is { } conftest)
        {
            var output = await RunToolAsync(conftest, ["test", "--no-color", "--all-namespaces", "--output", "json", "--policy", policyDirectory, planJson], cancellationToken);
            using var document = Parse(output, "conftest");
            return Results("conftest", output, () => RegoResults.Conftest(document.RootElement));
        }

        if (Find("opa") is { } opa)
        {
            var output = await RunToolAsync(opa, ["eval", "--format", "json", "--data", policyDirectory, "--input", planJson, "data"], cancellationToken);
            using var document = Parse(output, "opa");
            return Results("opa", output, () => RegoResults.Opa(document.RootElement));
        }

        throw new InvalidInputException(MissingMessage) { ToolFault = true };
    }

    /// <summary>
    /// The tool's results, or its output of another shape than it documents, or with a string that is no text
    /// (<see cref="IllFormedText"/>: half a surrogate pair escaped alone), as a tool fault.
    /// </summary>
    private static IReadOnlyList<Finding> Results(string tool, string output, Func<IReadOnlyList<Finding>> read)
    {
        try
        {
            return read();
        }
        catch (Scanners.MisshapenScanException e)
        {
            throw new InvalidInputException($"{tool} printed results of another shape than documented: {e.Message}", e) { ToolFault = true };
        }
        catch (Exception e) when (IllFormedText.Of(e) is { } problem)
        {
            throw new InvalidInputException($"{tool} printed results that are {IllFormedText.Locate(System.Text.Encoding.UTF8.GetBytes(output), problem)}", e) { ToolFault = true };
        }
    }

    private static JsonDocument Parse(string output, string tool)
    {
        try
        {
            return JsonDocument.Parse(output);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{tool} did not print JSON results: {output.ReplaceLineEndings(" ").Trim()}", e) { ToolFault = true };
        }
    }

    private static async Task<string> RunToolAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var tool = Path.GetFileName(executable);
        var result = await ChildProcess.RunAsync(new ChildCommand(executable, arguments) { Timeout = Timeout, Doing = $"{tool} {arguments[0]}" }, cancellationToken);
        if (result.Outcome is ChildOutcome.NotStarted or ChildOutcome.TimedOut or ChildOutcome.OutputTooLarge)
        {
            throw new InvalidInputException(result.Failure) { ToolFault = true };
        }

        if (result.Output.Trim().Length == 0)
        {
            throw new InvalidInputException($"{tool} failed (exit {result.ExitCode}): {result.Errors.ReplaceLineEndings(" ").Trim()}") { ToolFault = true };
        }

        return result.Output;
    }
}
