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
    public static string Render(Report report, ReportFormat format, bool color, string workingDirectory) => format switch
    {
        ReportFormat.Json => ReportJson.Serialize(report) + "\n",
        ReportFormat.Sarif => SarifReport.Render(report, Pillars.Rules, workingDirectory),
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

    public static async Task WriteAsync(CliHost host, Report report, ReportFormat format, FileInfo? output)
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
            await host.Out.WriteAsync(Render(report, format, color: format == ReportFormat.Text && host.OutIsTerminal, host.WorkingDirectory));
            return;
        }

        var path = Path.GetFullPath(output.ToString(), host.WorkingDirectory);
        if (format == ReportFormat.Json)
        {
            await OutputFile.WriteAsync(path, (file, _) => { WriteJson(file, report); return Task.CompletedTask; }, "the report", CancellationToken.None);
        }
        else
        {
            await OutputFile.WriteTextAsync(path, Render(report, format, color: false, host.WorkingDirectory), "the report", CancellationToken.None);
        }

        var verdict = format == ReportFormat.Text && report.Kind == CanaryReport.Kind ? CanaryTextReport.Words(report.Verdict) : report.Verdict.ToString();
        await host.Error.WriteLineAsync($"{verdict.ToUpperInvariant()}: {TextSafe.Line(report.Reason)} (report written to {path})");
    }
}
