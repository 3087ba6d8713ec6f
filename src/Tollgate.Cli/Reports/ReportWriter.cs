using Tollgate.Canary.Reporting;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Reports;
using Tollgate.Reports;

namespace Tollgate.Cli.Reports;

/// <summary>
/// Renders a report in the chosen format to <c>--output</c> (relative to the host's working directory) or standard
/// output. Every kind shares the machine formats; a canary's text speaks deploy words (promote, hold, roll back).
/// </summary>
public static class ReportWriter
{
    /// <param name="input">The file the command read the change from (its first input), which SARIF points at when the subject is not a file.</param>
    /// <param name="sarifCategory">The SARIF run's category as given (<c>--sarif-category</c>), or null for <c>tollgate/KIND/</c>.</param>
    public static string Render(Report report, ReportFormat format, bool color, string workingDirectory, string? input = null, string? sarifCategory = null) => format switch
    {
        ReportFormat.Json => ReportJson.Serialize(report) + "\n",
        ReportFormat.Sarif => SarifReport.Render(report, Pillars.Rules, workingDirectory, input, sarifCategory),
        ReportFormat.Markdown => MarkdownReport.Render(report),
        ReportFormat.Junit => JunitReport.Render(report),
        _ when report.Kind == CanaryReport.Kind => CanaryTextReport.Render(report),
        _ => TextReport.Render(report, color),
    };

    /// <summary>The JSON report and its final newline, the same bytes as <see cref="Render"/> gives.</summary>
    private static void WriteJson(Stream stream, Report report)
    {
        ReportJson.Write(stream, report);
        stream.Write("\n"u8);
        stream.Flush();
    }

    /// <summary>
    /// Writes the report of a verdict the gate has recorded: a report that cannot be written (a full disk, a closed pipe)
    /// is exit 3 with one line that says the verdict is in the ledger all the same
    /// (<see cref="RecordedReport"/>). <paramref name="cancellationToken"/> (SIGTERM) stops writing at the next write; a
    /// file at <paramref name="output"/> is then left as it was. <paramref name="input"/> is the file the command read
    /// the change from, if any (<see cref="Render"/>).
    /// </summary>
    public static Task WriteAsync(CliHost host, Report report, ReportFormat format, FileInfo? output, CancellationToken cancellationToken, string? input = null, string? sarifCategory = null)
    {
        var path = output is null ? null : Path.GetFullPath(output.ToString(), host.WorkingDirectory);
        return RecordedReport.DeliverAsync(report.Verdict, path, () => WriteAsync(host, report, format, path, input, sarifCategory, cancellationToken));
    }

    private static async Task WriteAsync(CliHost host, Report report, ReportFormat format, string? output, string? input, string? sarifCategory, CancellationToken cancellationToken)
    {
        if (output is null && format == ReportFormat.Json)
        {
            // Written as it is made: a plan of 200,000 deletes has a report of ~90 MB.
            await using var stream = TextWriterStream.Over(host.Out);
            WriteJson(stream, report);
            return;
        }

        if (output is null)
        {
            await host.Out.WriteAsync(Render(report, format, color: format == ReportFormat.Text && host.OutIsTerminal, host.WorkingDirectory, input, sarifCategory));
            return;
        }

        if (format == ReportFormat.Json)
        {
            await OutputFile.WriteAsync(output, (file, _) => { WriteJson(file, report); return Task.CompletedTask; }, "the report", cancellationToken);
        }
        else
        {
            await OutputFile.WriteTextAsync(output, Render(report, format, color: false, host.WorkingDirectory, input, sarifCategory), "the report", cancellationToken);
        }

        var verdict = format == ReportFormat.Text && report.Kind == CanaryReport.Kind ? CanaryTextReport.Words(report.Verdict) : report.Verdict.ToString();
        await host.Error.WriteLineAsync($"{verdict.ToUpperInvariant()}: {TextSafe.Line(report.Reason)} (report written to {output})");
    }
}
