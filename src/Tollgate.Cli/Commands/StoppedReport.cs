using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The report a <c>deploy run|watch</c> stopped by a signal recorded before it exits 130 or 143 (the watch's <c>hold</c>,
/// the failed deploy's <c>fail</c>): written as any report is (<c>--format</c>, <c>--output</c>), so a CI step that keeps
/// the JSON as its artifact has the deploy and digest left unjudged. The ledger the gate records through remembers the
/// last report it recorded (<see cref="Last"/>); one whose recording failed is not written (its line on stderr says so).
/// </summary>
internal sealed class StoppedReport(ILedger inner) : ILedger
{
    private Report? _last;

    /// <summary>The last report recorded; null after a recording that failed.</summary>
    public Report? Last => Volatile.Read(ref _last);

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _last, null);
        var id = await inner.RecordAsync(report, cancellationToken);
        Volatile.Write(ref _last, report);
        return id;
    }

    public Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) => inner.ApproveAsync(approval, cancellationToken);

    public Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default) => inner.ApprovalsForAsync(digest, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) => inner.RecentAsync(kind, limit, cancellationToken);

    public Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) => inner.LatestForAsync(digest, cancellationToken);

    /// <summary>The wrapped ledger is the command's to dispose.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Runs <paramref name="gate"/> recording through this ledger; stopped by a signal after it recorded the deploy's
    /// verdict, writes that report, then lets the stop go on (exit 130 or 143).
    /// </summary>
    public static async Task<Report> RunAsync(ParseResult parse, CliHost host, CommonOptions common, string? input, ILedger ledger,
        Func<ILedger, Task<Report>> gate, CancellationToken cancellationToken)
    {
        var recording = new StoppedReport(ledger);
        try
        {
            return await gate(recording);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && recording.Last is { Kind: DeployReport.Kind } report)
        {
            var category = parse.GetValue(common.SarifCategory)?.Trim() is { Length: > 0 } given ? (given.EndsWith('/') ? given : given + "/") : null;
            await ReportWriter.WriteAsync(host, report, parse.GetValue(common.Format), parse.GetValue(common.Output), CancellationToken.None, input, category);
            throw;
        }
    }
}
