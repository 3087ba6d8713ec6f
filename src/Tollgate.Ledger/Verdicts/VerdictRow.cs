using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// A verdict to record with its findings already written as the ledger stores them: a server that answers the report's
/// JSON writes the findings once for both (<see cref="ReportJson.ToUtf8WithStoredFindings"/>).
/// </summary>
public readonly record struct VerdictRow(Report Report, string StoredFindings)
{
    public static VerdictRow Of(Report report) => new(report, ReportJson.SerializeFindings(report.Findings));
}
