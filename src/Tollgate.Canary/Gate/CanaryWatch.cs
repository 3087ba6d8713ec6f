using System.Globalization;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Gate;

/// <summary>
/// <c>--watch</c>: judges the growing window from the moment it starts, once per interval, each look through the
/// pipeline (so each is recorded) with a progress line, until promote, roll back or the deadline. The sequential
/// evidence is anytime-valid, so looking every interval keeps the false-rollback rate.
/// </summary>
internal sealed class CanaryWatch(CanarySpec spec, CanaryEvaluator evaluator, string source, GateContext context)
{
    public async Task<Report> RunAsync(TimeSpan maxWait)
    {
        var start = CanaryTime.Truncate(context.Clock.GetUtcNow());
        var deadline = start + maxWait;
        context.Progress?.Report($"watching {spec.Path}: {spec.Metrics.Count} metric(s), looks every {PromDuration.Format(spec.Interval)}, must hold {PromDuration.Format(spec.Window)}, gives up at {deadline:HH:mm:ss}Z");
        for (var look = 1; ; look++)
        {
            var due = start + spec.Interval * look;
            var wait = due - context.Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.Clock, context.Cancellation);
            }

            var window = new EvaluationWindow(start, due, spec.Interval);
            var judgement = await evaluator.EvaluateAsync(window, requireFullWindow: true, context.Cancellation);
            if (due - start < spec.Window && judgement.Verdict == Verdict.Pass)
            {
                judgement = judgement with { Verdict = Verdict.Hold, Reason = $"window not over: every slice within bounds for {PromDuration.Format(due - start)} of {PromDuration.Format(spec.Window)}", WindowComplete = false };
            }

            var report = await GatePipeline.RunAsync(CanaryGate.Evidence(spec, judgement, window, source), context);
            context.Progress?.Report(Progress(report, due - start, deadline - due));
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
