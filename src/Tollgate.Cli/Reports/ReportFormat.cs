namespace Tollgate.Cli.Reports;

/// <summary>The output formats of <c>--format</c>.</summary>
public enum ReportFormat
{
    Text,
    Json,
    Sarif,
    Markdown,
    Junit,
}
