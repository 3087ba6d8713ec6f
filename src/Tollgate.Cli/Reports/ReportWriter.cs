using System.Text;
using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Reports;

/// <summary>Renders a report in the chosen format to <c>--output</c> or standard output.</summary>
public static class ReportWriter
{
    public static string Render(Report report, ReportFormat format, bool color) => format switch
    {
        ReportFormat.Json => ReportJson.Serialize(report) + "\n",
        ReportFormat.Sarif => SarifReport.Render(report),
        ReportFormat.Markdown => MarkdownReport.Render(report),
        ReportFormat.Junit => JunitReport.Render(report),
        _ => TextReport.Render(report, color),
    };

    public static async Task WriteAsync(CliHost host, Report report, ReportFormat format, FileInfo? output)
    {
        if (output is null)
        {
            await host.Out.WriteAsync(Render(report, format, color: format == ReportFormat.Text && host.OutIsTerminal));
            return;
        }

        try
        {
            if (output.Directory is { Exists: false } directory)
            {
                directory.Create();
            }

            await File.WriteAllTextAsync(output.FullName, Render(report, format, color: false), new UTF8Encoding(false));
        }
        catch (IOException e)
        {
            throw new Domain.InvalidInputException($"cannot write the report to {output.FullName}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new Domain.InvalidInputException($"cannot write the report to {output.FullName}: {e.Message}", e);
        }

        await host.Error.WriteLineAsync($"{report.Verdict.ToString().ToUpperInvariant()}: {report.Reason} (report written to {output.FullName})");
    }
}
