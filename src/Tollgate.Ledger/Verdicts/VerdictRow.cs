using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// A verdict to record with its findings and summary already written as the ledger stores them: a server that answers
/// the report's JSON writes the findings once for both (<see cref="ReportJson.ToUtf8WithStoredFindings"/>), and both
/// texts are made where the row is made (a request's thread), so a group commit's one writer only binds them. A
/// report recorded on its own has its findings written in UTF-8 segments (<see cref="ReportJson.StoredFindings"/>),
/// which the SQLite ledger writes into the row as they are when they are large.
/// </summary>
public readonly record struct VerdictRow(Report Report, StoredJson StoredFindings)
{
    public VerdictRow(Report report, string storedFindings)
        : this(report, StoredJson.FromString(storedFindings))
    {
    }

    /// <summary>The summary counts as the ledger stores them (<see cref="SummaryJson"/>).</summary>
    public string StoredSummary { get; } = SummaryJson.Of(Report.Summary);

    public static VerdictRow Of(Report report) => new(report, ReportJson.StoredFindings(report.Findings));
}
