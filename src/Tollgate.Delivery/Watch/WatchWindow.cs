using System.Globalization;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// The SLI watch window after a deploy: the canary judge (the spec's metrics, slices and bounds) compares the service
/// after the deploy with the same service before it (<see cref="PreDeployBaseline"/>), once per interval, with the
/// live progress line of <c>canary --watch</c>, until the window holds (pass), a slice fails (fail) or the deadline
/// passes without a decision (hold, never pass).
/// </summary>
public sealed class WatchWindow
{
    private readonly CanarySpec _spec;
    private readonly CanaryEvaluator _evaluator;
    private readonly TimeProvider _clock;
    private readonly TextWriter _progress;

    public WatchWindow(CanarySpec spec, IMetricSource source, TimeSpan? window, TimeProvider clock, TextWriter progress)
    {
        var length = window ?? spec.Window;
        if (length < spec.Interval || length.Ticks % spec.Interval.Ticks != 0)
        {
            throw new InvalidInputException($"--window {PromDuration.Format(length)} must be a whole number of the spec's interval ({PromDuration.Format(spec.Interval)})");
        }

        _spec = spec with { Window = length, BaselineSelector = PreDeployBaseline.Marker };
        _evaluator = new CanaryEvaluator(_spec, new PreDeployBaseline(source, spec.CanarySelector, length));
        _clock = clock;
        _progress = progress;
    }

    public TimeSpan Length => _spec.Window;

    /// <summary>Watches from <paramref name="deployedAt"/>; every look's report goes to <paramref name="record"/>.</summary>
    public async Task<Report> RunAsync(DateTimeOffset deployedAt, TimeSpan maxWait, Func<Report, Task> record, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(deployedAt.ToUnixTimeSeconds());
        var deadline = start + maxWait;
        await _progress.WriteLineAsync($"watching {_spec.Path} after the deploy at {start:HH:mm:ss}Z: baseline is the {PromDuration.Format(_spec.Window)} before it; looks every {PromDuration.Format(_spec.Interval)}, gives up at {deadline:HH:mm:ss}Z");
        for (var look = 1; ; look++)
        {
            var due = start + (_spec.Interval * look);
            var wait = due - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock, cancellationToken);
            }

            var window = new EvaluationWindow(start, due, _spec.Interval);
            var judgement = await _evaluator.EvaluateAsync(window, requireFullWindow: true, cancellationToken);
            if (due - start < _spec.Window && judgement.Verdict == Verdict.Pass)
            {
                judgement = judgement with { Verdict = Verdict.Hold, Reason = $"window not over: every slice within bounds for {PromDuration.Format(due - start)} of {PromDuration.Format(_spec.Window)}", WindowComplete = false };
            }

            var report = CanaryReport.Build(_spec, judgement, window, "pre-deploy baseline");
            await record(report);
            await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{PromDuration.Format(due - start)}/{PromDuration.Format(_spec.Window)}] {report.Verdict.WireName(),-5} {report.Reason}"));
            if (report.Verdict != Verdict.Hold || due >= deadline)
            {
                return report;
            }
        }
    }
}
