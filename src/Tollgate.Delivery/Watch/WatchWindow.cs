using System.Globalization;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// The SLI watch window after a deploy: the canary judge (the spec's metrics, slices and bounds) compares the service
/// after the deploy with the same service before it (<see cref="PreDeployBaseline"/>), once per interval, with the
/// live progress line of <c>canary --watch</c>, until the window holds (pass), a slice fails (fail) or the deadline
/// passes without a decision (hold, never pass). Every look goes through <see cref="GatePipeline"/>: the policy applied
/// and the look recorded, as <c>canary --watch</c> does. The window and the deadline are checked when it is made, so a
/// deploy is never run or recorded with a watch that cannot be kept: both must be whole numbers of the spec's interval
/// (looks happen on its multiples, so the last look is at the deadline, not after it) and the deadline no shorter than
/// the window (else the watch could never promote), as <see cref="WatchDeadline"/> checks for <c>canary --watch</c> too.
/// A query the source rejects during the watch holds that look (<see cref="RejectedQueries"/>), never ends it with an error.
/// </summary>
public sealed class WatchWindow
{
    private readonly CanarySpec _spec;
    private readonly CanaryEvaluator _evaluator;
    private readonly TextWriter _progress;

    /// <param name="window">How long to watch (default: the spec's window).</param>
    /// <param name="maxWait">When to give up with hold (default: twice the window).</param>
    public WatchWindow(CanarySpec spec, IMetricSource source, TimeSpan? window, TimeSpan? maxWait, TextWriter progress)
    {
        (var length, MaxWait) = Check(spec, window, maxWait);
        _spec = spec with { Window = length, BaselineSelector = PreDeployBaseline.Marker };
        _evaluator = new CanaryEvaluator(_spec, new PreDeployBaseline(new RejectedQueries(source), spec.CanarySelector, length));
        _progress = progress;
    }

    public TimeSpan Length => _spec.Window;

    /// <summary>
    /// The window's length and deadline, or one line (exit 3) when the watch could not be kept: what the constructor
    /// checks, for a command to check before it opens the ledger or runs anything.
    /// </summary>
    /// <exception cref="InvalidInputException">The window or the deadline is not whole intervals, or the deadline is shorter than the window.</exception>
    public static (TimeSpan Length, TimeSpan MaxWait) Check(CanarySpec spec, TimeSpan? window, TimeSpan? maxWait)
    {
        var length = window ?? spec.Window;
        if (length < spec.Interval || length.Ticks % spec.Interval.Ticks != 0)
        {
            throw new InvalidInputException($"--window {PromDuration.Format(length)} must be a whole number of the spec's interval ({PromDuration.Format(spec.Interval)})");
        }

        return (length, WatchDeadline.Of(maxWait, length, spec.Interval, "--window"));
    }

    /// <summary>
    /// Sends each of the spec's queries once (an instant query at <paramref name="at"/>, the service's own selector), so
    /// a query the source rejects (a PromQL typo, an unknown function) is exit 3 before the deploy runs, not on the
    /// watch's first look with the new version already live. A source that does not answer is left to the watch
    /// (it holds); the first such answer ends the check.
    /// </summary>
    /// <param name="untouched">What the refusal says was left alone: <c>deploy run</c> has deployed and recorded nothing yet.</param>
    /// <exception cref="InvalidInputException">The source rejected a query.</exception>
    public static async Task CheckQueriesAsync(CanarySpec spec, IMetricSource source, DateTimeOffset at, CancellationToken cancellationToken,
        string untouched = "nothing was deployed or recorded")
    {
        foreach (var metric in spec.Metrics)
        {
            foreach (var (field, template) in metric.Queries())
            {
                MetricResponse answer;
                try
                {
                    answer = await source.InstantAsync(template.Render(spec.CanarySelector, spec.Interval), at, cancellationToken);
                }
                catch (InvalidInputException e)
                {
                    throw new InvalidInputException($"{spec.Path}: metric {metric.Name} ({field}): {e.Message}; {untouched}", e);
                }

                if (answer.Unavailable is not null)
                {
                    return;
                }
            }
        }
    }

    /// <summary>How long after the deploy the watch gives up with hold: its last look is then.</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>Watches from <paramref name="deployedAt"/>; the last look: its report (policy applied, recorded) and its evidence.</summary>
    public async Task<WatchLook> RunAsync(DateTimeOffset deployedAt, GateContext context)
    {
        var cancellationToken = context.Cancellation;
        var start = DateTimeOffset.FromUnixTimeSeconds(deployedAt.ToUnixTimeSeconds());
        var deadline = start + MaxWait;
        await _progress.WriteLineAsync($"watching {_spec.Path} after the deploy at {start:HH:mm:ss}Z: baseline is the {PromDuration.Format(_spec.Window)} before it; looks every {PromDuration.Format(_spec.Interval)}, gives up at {deadline:HH:mm:ss}Z");
        for (var look = 1; ; look++)
        {
            var due = start + (_spec.Interval * look);
            var wait = due - context.Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.Clock, cancellationToken);
            }

            var window = new EvaluationWindow(start, due, _spec.Interval);
            var judgement = await _evaluator.EvaluateAsync(window, requireFullWindow: true, cancellationToken);
            if (due - start < _spec.Window && judgement.Verdict == Verdict.Pass)
            {
                judgement = judgement with { Verdict = Verdict.Hold, Reason = $"window not over: every slice within bounds for {PromDuration.Format(due - start)} of {PromDuration.Format(_spec.Window)}", WindowComplete = false };
            }

            var evidence = CanaryGate.Evidence(_spec, judgement, window, "pre-deploy baseline");
            var report = await GatePipeline.RunAsync(evidence, context);
            await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{PromDuration.Format(due - start)}/{PromDuration.Format(_spec.Window)}] {report.Verdict.WireName(),-5} {report.Reason}"));
            if (report.Verdict != Verdict.Hold || due >= deadline)
            {
                return new WatchLook(report, evidence);
            }
        }
    }
}

/// <summary>The look a watch window ended on: the report the pipeline made of it, and the evidence it was made from.</summary>
public sealed record WatchLook(Report Report, Evidence Evidence);
