using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Gate;

/// <summary>
/// <c>--watch</c>: judges the growing window from the moment it starts, once per interval, each look through the
/// pipeline (so each is recorded) with a progress line, until promote, roll back or the deadline. Alpha is spent over
/// the window's planned looks (group-sequential boundaries), so looking every interval keeps the false-rollback rate;
/// looks after the window reuse the last boundary. Looks fall on multiples of the
/// interval and the deadline is one (<see cref="WatchDeadline"/>), so the last look is at the deadline itself.
/// </summary>
internal sealed class CanaryWatch(CanarySpec spec, CanaryEvaluator evaluator, string source, GateContext context, IProgress<CanaryLook>? looks)
{
    /// <param name="maxWait">When to give up with hold, as <see cref="WatchDeadline.Of"/> checked it.</param>
    public async Task<Report> RunAsync(TimeSpan maxWait)
    {
        var start = CanaryTime.Truncate(context.Clock.GetUtcNow());
        var deadline = start + maxWait;
        context.Progress?.Report($"watching {spec.Path}: {Counted.Of(spec.Metrics.Count, "metric")}, looks every {PromDuration.Format(spec.Interval)}, must hold {PromDuration.Format(spec.Window)}, gives up at {deadline:HH:mm:ss}Z");
        for (var look = 1; ; look++)
        {
            var due = start + spec.Interval * look;
            var wait = due - context.Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.Clock, context.Cancellation);
            }

            var window = new EvaluationWindow(start, due, spec.Interval);
            // An early look (shorter than the spec's window) comes back not complete: it holds, or rolls back, never promotes.
            var judgement = await evaluator.EvaluateAsync(window, requireFullWindow: true, context.Cancellation);

            var report = await GatePipeline.RunAsync(CanaryGate.Evidence(spec, judgement, window, source), context);
            var seen = new CanaryLook(look, due - start, spec.Window, deadline - due, report);
            if (looks is not null)
            {
                looks.Report(seen);
            }
            else
            {
                context.Progress?.Report(seen.Line());
            }

            if (report.Verdict != Verdict.Hold || due >= deadline)
            {
                return report;
            }
        }
    }
}
