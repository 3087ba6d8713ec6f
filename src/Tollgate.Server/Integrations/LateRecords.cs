using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Server.Observability;

namespace Tollgate.Server.Integrations;

/// <summary>
/// The verdicts' writes the answers did not wait for (the answer budget ran out, <see cref="RecordAttempt.StillWriting"/>):
/// each is never asked again, so it records once or not at all, and what became of it is logged, since the answer
/// already said <c>"recorded": false</c>: landed, with its id (it is in the ledger: record nothing by hand), or failed,
/// with the whole report (to record by hand only then). A stop waits for them (<see cref="SettleAsync"/>), so none
/// ends with the process unsaid.
/// </summary>
internal sealed class LateRecords
{
    private readonly ConcurrentDictionary<Late, byte> _pending = new();

    /// <summary>Writes still under way.</summary>
    public int Pending => _pending.Count;

    public void Watch(Task<long> writing, ILogger log, string route, string subject, Report report)
    {
        var late = new Late(log, route, subject, report);
        _pending.TryAdd(late, 0);
        _ = writing.ContinueWith(
            done =>
            {
                // the line is this side's only when the stop has not given up on it first (one line per write, never both sides');
                // a landed one is logged even after the stop gave up on it: it is in the ledger, and the report logged then must not be recorded again
                var mine = late.Claim(Late.Logged);
                if (done.IsCompletedSuccessfully)
                {
                    DecisionLog.RecordedLate(log, route, subject, late.Verdict, report.Digest, done.Result);
                }
                else if (mine)
                {
                    DecisionLog.NotRecordedLate(log, route, subject, late.Verdict, report.Digest, done.Exception?.GetBaseException().Message ?? "cancelled", late.Json());
                }

                _pending.TryRemove(late, out _);
                late.Settled.TrySetResult();
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    /// <summary>
    /// The stop: waits for every write still under way, at most <paramref name="bound"/>; each one still unsettled then
    /// is logged <c>not recorded late</c> with its report (the process is about to end), saying that it may yet land
    /// while the server closes the ledger, in which case its <c>recorded late</c> line follows.
    /// </summary>
    public async Task SettleAsync(TimeSpan bound, TimeProvider clock)
    {
        var waiting = _pending.Keys.ToArray();
        if (waiting.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(waiting.Select(l => l.Settled.Task)).WaitAsync(bound > TimeSpan.Zero ? bound : TimeSpan.Zero, clock);
        }
        catch (TimeoutException)
        {
        }

        foreach (var late in waiting.Where(l => l.Claim(Late.GivenUp)))
        {
            DecisionLog.NotRecordedAtStop(late.Log, late.Route, late.Subject, late.Verdict, late.Report.Digest, Canary.Spec.PromDuration.Format(bound), late.Json());
        }
    }

    /// <summary>
    /// After the ledger is closed (its writer ended, so every write has ended): waits for the lines of those that ended
    /// as it closed, a <c>recorded late</c> for one that landed after the stop gave up on it among them.
    /// </summary>
    public async Task ClosedAsync(TimeProvider clock)
    {
        try
        {
            await Task.WhenAll(_pending.Keys.Select(l => l.Settled.Task)).WaitAsync(TimeSpan.FromSeconds(5), clock);
        }
        catch (TimeoutException)
        {
        }
    }

    private sealed class Late(ILogger log, string route, string subject, Report report)
    {
        public ILogger Log => log;

        public string Route => route;

        public string Subject => subject;

        public Report Report => report;

        public string Verdict => report.Verdict.WireName();

        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Neither side has logged it yet.</summary>
        public const int Pending = 0;

        /// <summary>Its write ended and the continuation logs its line.</summary>
        public const int Logged = 1;

        /// <summary>The stop logged it as not recorded, with its report.</summary>
        public const int GivenUp = 2;

        private int _state = Pending;

        /// <summary>Moves it from <see cref="Pending"/> to <paramref name="to"/>: true for the one side that did, which alone logs its line.</summary>
        public bool Claim(int to) => Interlocked.CompareExchange(ref _state, to, Pending) == Pending;

        public string Json() => System.Text.Encoding.UTF8.GetString(ReportJson.ToUtf8(report, indented: false));
    }
}
