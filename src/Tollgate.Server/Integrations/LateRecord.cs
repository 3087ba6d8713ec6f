using Microsoft.Extensions.Logging;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Server.Observability;

namespace Tollgate.Server.Integrations;

/// <summary>
/// A verdict's write the answer did not wait for (the answer budget ran out, <see cref="RecordAttempt.StillWriting"/>):
/// it is never asked again, so it records once or not at all, and what became of it is logged, since the answer already
/// said <c>"recorded": false</c>: landed, with its id (it is in the ledger: record nothing by hand), or failed, with the
/// whole report (to record by hand only then).
/// </summary>
internal static class LateRecord
{
    public static void Watch(Task<long> writing, ILogger log, string route, string subject, Report report) =>
        _ = writing.ContinueWith(
            done =>
            {
                var verdict = report.Verdict.WireName();
                if (done.IsCompletedSuccessfully)
                {
                    DecisionLog.RecordedLate(log, route, subject, verdict, report.Digest, done.Result);
                }
                else
                {
                    DecisionLog.NotRecordedLate(log, route, subject, verdict, report.Digest, done.Exception?.GetBaseException().Message ?? "cancelled", System.Text.Encoding.UTF8.GetString(ReportJson.ToUtf8(report, indented: false)));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
}
