using System.CommandLine;
using System.Text.RegularExpressions;
using Tollgate.Cli.Commands;
using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Cli;

/// <summary>The composition root and the one error boundary of the command line.</summary>
public static partial class TollgateCli
{
    public static RootCommand Build(CliHost host)
    {
        var root = new RootCommand("Tollgate gates a change before it is promoted: Terraform plans, canaries, models and deploys.")
        {
            PlanCommand.Create(host),
            ApproveCommand.Create(host),
            PolicyCommand.Create(host),
            CanaryCommand.Create(host),
            K8sCommand.Create(host),
            GraphCommand.Create(host),
            StateSplitCommand.Create(host),
            DeployCommand.Create(host),
            EventsCommand.Create(host),
            DoraCommand.Create(host),
            RetentionCommand.Create(host),
            DrillCommand.Create(host),
            ModelCommand.Create(host),
            VerdictsCommand.Create(host),
            ServeCommand.Create(host),
        };
        FiniteNumber.CheckAll(root);
        EmptyOption.CheckAll(root);
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliHost host) => RunAsync(args, host, CancellationToken.None);

    /// <summary>Parses and runs one command; <paramref name="cancellationToken"/> is the host's SIGINT/SIGTERM.</summary>
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken)
    {
        var verbose = args.Contains("--verbose");
        // No response files: a word starting with @ is what the user wrote (--by @alice, a GitHub handle), not a file to read.
        var given = args.Where(a => a != "--verbose").ToArray();
        var parse = Build(host).Parse(given, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (MissingValue.Swallowed(parse, given) is { } swallowed)
        {
            // Told before any other error: the option that lost its value is the cause, the word left over only its effect.
            TryWrite(host.Error, $"tollgate: error: {OneLine(swallowed)} (see {MissingValue.HelpOf(parse)})");
            return VerdictExtensions.ErrorExitCode;
        }

        if (parse.Errors.Count > 0)
        {
            var problem = ParseProblem.Describe(parse);
            var missing = MissingValue.Describe(parse) is { } needs && problem == ParseProblem.Describe(parse.Errors[0]) ? needs : null;
            TryWrite(host.Error, missing is not null
                ? $"tollgate: error: {OneLine(missing)} (see {MissingValue.HelpOf(parse)})"
                : $"tollgate: error: {OneLine(problem)} (see tollgate --help)");
            return VerdictExtensions.ErrorExitCode;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Output = host.Out,
                Error = host.Error,
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return InterruptedExitCode;
        }
        catch (InvalidInputException e)
        {
            TryWrite(host.Error, $"tollgate: error: {OneLine(e.Message)}");
            if (verbose)
            {
                TryWrite(host.Error, e.ToString());
            }

            return VerdictExtensions.ErrorExitCode;
        }
        catch (Exception e) when (FileSystemFailure.Is(e))
        {
            // A file a reader did not word itself: the path and the cause in our words, not the runtime's text.
            var path = FileSystemFailure.PathOf(e);
            TryWrite(host.Error, $"tollgate: error: {OneLine(FileSystemFailure.Describe(e))}{(verbose || path is not null ? "" : " (run with --verbose for details)")}");
            if (verbose)
            {
                TryWrite(host.Error, e.ToString());
            }

            return VerdictExtensions.ErrorExitCode;
        }
        catch (Exception e) when (Domain.Inputs.IllFormedText.Of(e) is { } illFormed)
        {
            // A JSON string no reader worded (each names its file and where): bad input all the same, never an internal error.
            TryWrite(host.Error, $"tollgate: error: an input is {illFormed.Describe(null)}{(verbose ? "" : " (run with --verbose for details)")}");
            if (verbose)
            {
                TryWrite(host.Error, e.ToString());
            }

            return VerdictExtensions.ErrorExitCode;
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            // The allocation that failed was a large one: there is room left for one line. Nothing was recorded.
            TryWrite(host.Error, AddressSpaceLimit() is { } limit
                ? $"tollgate: error: out of memory: the input needs more than the {Domain.Inputs.InputFile.Size(limit)} of address space this process may use (ulimit -v); give it more, or split the input"
                : $"tollgate: error: out of memory: the input needs more than the {Domain.Inputs.InputFile.Size(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} this process may use (a container's memory limit, DOTNET_GCHeapHardLimit or the machine's memory); give it more, or split the input");
            return VerdictExtensions.ErrorExitCode;
        }
        catch (Exception e)
        {
            TryWrite(host.Error, $"tollgate: internal error: {Fault(e)}{(verbose ? "" : " (run with --verbose for details)")}");
            if (verbose)
            {
                TryWrite(host.Error, e.ToString());
            }

            return VerdictExtensions.ErrorExitCode;
        }
    }

    // An OutOfMemoryException, also inside an AggregateException (a parallel loop's), beside the failures it caused on
    // other threads (a tally left half-allocated).
    /// <summary>
    /// The address-space limit (RLIMIT_AS, <c>ulimit -v</c>) when one is set, from <c>/proc/self/limits</c>: the GC's
    /// figure of available memory does not see it, so an out-of-memory line named the machine's memory instead.
    /// </summary>
    private static long? AddressSpaceLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max address space", StringComparison.Ordinal));
            var soft = line?["Max address space".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException || (e is AggregateException a && a.Flatten().InnerExceptions.Any(i => i is OutOfMemoryException));

    /// <summary>What a command that was cancelled by SIGINT returns; the host replaces it with the signal's own code.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>Writes an error line; a closed standard error must not turn an error into a crash.</summary>
    private static void TryWrite(TextWriter error, string line)
    {
        try
        {
            error.WriteLine(line);
        }
        catch (IOException)
        {
        }
    }

    // One terminal line whatever the message quotes: a column name, a header or a path from the input cannot break the
    // line, recolour it or move the cursor (an escape is shown as \u001b).
    private static string OneLine(string message) => TextSafe.Line(message.ReplaceLineEndings(" ").Trim());

    /// <summary>
    /// A fault's words: its message when Tollgate wrote it, else its type. The binary is built with
    /// <c>UseSystemResourceKeys</c>, so the runtime's own messages are resource keys
    /// (<c>Argument_EmptyString Arg_ParamName_Name, path</c>), not words; the one failure of a parallel loop is itself.
    /// </summary>
    internal static string Fault(Exception e)
    {
        if (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions is [var single])
        {
            e = single;
        }

        return e.Message.Length == 0 || ResourceKey().IsMatch(e.Message) ? e.GetType().Name : OneLine(e.Message);
    }

    // Argument_EmptyString (with an underscore), or one word of humps alone or before its arguments: CannotReadIncompleteUTF16,
    // CannotReadInvalidUTF16, 0xDC00 (System.Text.Json's keys have no underscore).
    [GeneratedRegex("^(?:[A-Z][A-Za-z0-9]*_[A-Za-z0-9_]+(?:[ ,]|$)|[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+(?:, |$))")]
    private static partial Regex ResourceKey();
}
