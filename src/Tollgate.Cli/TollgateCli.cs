using System.CommandLine;
using Tollgate.Cli.Commands;
using Tollgate.Domain;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Cli;

/// <summary>The composition root and the one error boundary of the command line.</summary>
public static class TollgateCli
{
    public static RootCommand Build(CliHost host)
    {
        var root = new RootCommand("Tollgate gates a change before it is promoted: Terraform plans, canaries, models and deploys.")
        {
            PlanCommand.Create(host),
            ApproveCommand.Create(host),
            PolicyCommand.Create(host),
            CanaryCommand.Create(host),
            GraphCommand.Create(host),
            StateSplitCommand.Create(host),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliHost host)
    {
        var verbose = args.Contains("--verbose");
        var parse = Build(host).Parse(args.Where(a => a != "--verbose").ToArray());
        if (parse.Errors.Count > 0)
        {
            await host.Error.WriteLineAsync($"tollgate: error: {OneLine(parse.Errors[0].Message)} (see tollgate --help)");
            return VerdictExtensions.ErrorExitCode;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = host.Out,
                Error = host.Error,
            });
        }
        catch (InvalidInputException e)
        {
            await host.Error.WriteLineAsync($"tollgate: error: {OneLine(e.Message)}");
            if (verbose)
            {
                await host.Error.WriteLineAsync(e.ToString());
            }

            return VerdictExtensions.ErrorExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await host.Error.WriteLineAsync($"tollgate: internal error: {OneLine(e.Message)}{(verbose ? "" : " (run with --verbose for details)")}");
            if (verbose)
            {
                await host.Error.WriteLineAsync(e.ToString());
            }

            return VerdictExtensions.ErrorExitCode;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
