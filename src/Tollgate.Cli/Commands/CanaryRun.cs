using System.Globalization;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;

namespace Tollgate.Cli.Commands;

/// <summary>
/// Runs evaluations for <c>tollgate canary</c>: one for a fixed window, or a watch that judges the growing window from
/// the moment it starts, once per interval, with a progress line per look, until promote, roll back or the deadline.
/// The sequential evidence is anytime-valid, so looking every interval keeps the false-rollback rate.
/// </summary>
internal sealed class CanaryRun(CliHost host, CanarySpec spec, CanaryEvaluator evaluator, string source)
{
    public async Task<Report> OnceAsync(DateTimeOffset end, CancellationToken cancellationToken)
    {
        var window = EvaluationWindow.Ending(end, spec.Window, spec.Interval);
        var judgement = await evaluator.EvaluateAsync(window, requireFullWindow: true, cancellationToken);
        return CanaryReport.Build(spec, judgement, window, source);
    }

    public async Task<Report> WatchAsync(ILedger ledger, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var start = CanaryCommand.Truncate(host.Clock.GetUtcNow());
        var deadline = start + maxWait;
        await host.Error.WriteLineAsync($"watching {spec.Path}: {spec.Metrics.Count} metric(s), looks every {PromDuration.Format(spec.Interval)}, must hold {PromDuration.Format(spec.Window)}, gives up at {deadline:HH:mm:ss}Z");
        for (var look = 1; ; look++)
        {
            var due = start + spec.Interval * look;
            var wait = due - host.Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, host.Clock, cancellationToken);
            }

            var window = new EvaluationWindow(start, due, spec.Interval);
            var judgement = await evaluator.EvaluateAsync(window, requireFullWindow: true, cancellationToken);
            var complete = due - start >= spec.Window;
            if (!complete && judgement.Verdict == Verdict.Pass)
            {
                judgement = judgement with { Verdict = Verdict.Hold, Reason = $"window not over: every slice within bounds for {PromDuration.Format(due - start)} of {PromDuration.Format(spec.Window)}", WindowComplete = false };
            }

            var report = CanaryReport.Build(spec, judgement, window, source);
            await ledger.RecordAsync(report, cancellationToken);
            await host.Error.WriteLineAsync(Progress(report, due - start, deadline - due));
            if (report.Verdict != Verdict.Hold || due >= deadline)
            {
                return report;
            }
        }
    }

    private string Progress(Report report, TimeSpan elapsed, TimeSpan left)
    {
        var s = report.Summary.ToDictionary(kv => kv.Key, kv => kv.Value);
        var toGo = spec.Window - elapsed;
        var when = toGo > TimeSpan.Zero ? $"{PromDuration.Format(toGo)} to hold" : $"{PromDuration.Format(left)} before giving up";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{PromDuration.Format(elapsed)}/{PromDuration.Format(spec.Window)}] {CanaryTextReport.Words(report.Verdict),-9} {s.GetValueOrDefault("slices")} slices: {s.GetValueOrDefault("pass")} promote, {s.GetValueOrDefault("hold")} hold, {s.GetValueOrDefault("fail")} roll back; {when}: {report.Reason}");
    }
}
