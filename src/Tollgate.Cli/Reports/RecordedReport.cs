using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Cli.Reports;

/// <summary>
/// The report of a verdict already in the ledger (every gate records the report it returns, through the gate pipeline
/// or the model registry's one transaction, before the host renders it). When it cannot be delivered the process
/// exits 3 while the ledger keeps the verdict's own exit code, so the one line says both: "the verdict (review) is
/// recorded in the ledger; the report could not be written to /r/report.json: no space left on the device".
/// </summary>
public static class RecordedReport
{
    /// <param name="path">The file the report goes to; null for standard output.</param>
    public static async Task DeliverAsync(Verdict verdict, string? path, Func<Task> deliver)
    {
        try
        {
            await deliver();
        }
        catch (InvalidInputException e)
        {
            var recorded = $"the verdict ({verdict.WireName()}) is recorded in the ledger";
            throw path is not null && e.InnerException is IOException or UnauthorizedAccessException
                ? new InvalidInputException($"{recorded}; the report could not be written to {path}: {FileProblem.Describe(e.InnerException, path)}", e.InnerException)
                : new InvalidInputException($"{recorded}; {e.Message}", e);
        }
    }
}
