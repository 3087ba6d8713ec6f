using System.Globalization;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
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
/// A query the source rejects during the watch holds that look (<see cref="RejectedQueries"/>), never ends it with an error;
/// after <c>--error-limit</c> looks in a row whose every query was rejected (Argo Rollouts' <c>consecutiveErrorLimit</c>,
/// default 4 there too) the watch stops with hold rather than wait out the deadline on a source that cannot measure.
/// </summary>
public sealed class WatchWindow
{
    /// <summary>Looks in a row whose every query the source rejected before the watch stops: Argo Rollouts' default.</summary>
    public const int DefaultErrorLimit = 4;

    private readonly CanarySpec _spec;
    private readonly RejectedQueries _rejections;
    private readonly PreDeployBaseline _baseline;
    private readonly CanaryEvaluator _evaluator;
    private readonly LookAnswers _answers;
    private readonly StepGaps _gaps;
    private readonly int _errorLimit;
    private readonly TextWriter _progress;

    /// <param name="window">How long to watch (default: the spec's window).</param>
    /// <param name="maxWait">When to give up with hold (default: twice the window).</param>
    /// <param name="errorLimit">Looks in a row whose every query was rejected before the watch gives up with hold.</param>
    public WatchWindow(CanarySpec spec, IMetricSource source, TimeSpan? window, TimeSpan? maxWait, TextWriter progress, int errorLimit = DefaultErrorLimit)
    {
        (var length, MaxWait) = Check(spec, window, maxWait, errorLimit);
        _spec = spec with { Window = length, BaselineSelector = PreDeployBaseline.Marker, OverTime = true };
        _rejections = new RejectedQueries(source);
        _answers = new LookAnswers(_rejections);
        _baseline = new PreDeployBaseline(_answers, spec.CanarySelector);
        _evaluator = new CanaryEvaluator(_spec, _baseline);
        _gaps = new StepGaps(_spec, _answers);
        _errorLimit = errorLimit;
        _progress = progress;
    }

    public TimeSpan Length => _spec.Window;

    /// <summary>
    /// The window's length and deadline, or one line (exit 3) when the watch could not be kept: what the constructor
    /// checks, for a command to check before it opens the ledger or runs anything.
    /// </summary>
    /// <exception cref="InvalidInputException">The window or the deadline is not whole intervals, the window is more looks than <see cref="Domain.Statistics.GroupSequential.MaxLooks"/>, the deadline is shorter than the window, or the error limit is not positive.</exception>
    public static (TimeSpan Length, TimeSpan MaxWait) Check(CanarySpec spec, TimeSpan? window, TimeSpan? maxWait, int errorLimit = DefaultErrorLimit)
    {
        if (errorLimit < 1)
        {
            throw new InvalidInputException($"--error-limit {errorLimit} must be at least 1: the looks in a row whose every query Prometheus rejects before the watch stops with hold");
        }

        var length = window ?? spec.Window;
        if (length < spec.Interval || length.Ticks % spec.Interval.Ticks != 0)
        {
            throw new InvalidInputException($"--window {PromDuration.Format(length)} must be a whole number of the spec's interval ({PromDuration.Format(spec.Interval)})");
        }

        if (window is not null && length.Ticks / spec.Interval.Ticks > Domain.Statistics.GroupSequential.MaxLooks)
        {
            // The spec's own window was checked when it was loaded; --window replaces it after that.
            throw new InvalidInputException($"--window {PromDuration.Format(length)}: {SpecLoader.TooManyLooks(length, spec.Interval)} in the spec");
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

    /// <summary>
    /// Watches from <paramref name="deployedAt"/> (the deploy's finish: the new version fully live) against a baseline
    /// that ends where the deploy <paramref name="began"/>, so the rollout's minutes are read by neither side; the last
    /// look: its report (policy applied, recorded) and its evidence. The baseline never reads the <paramref name="excluded"/>
    /// spans (<see cref="FailedSpans"/>).
    /// </summary>
    /// <param name="began">The deploy's start; the same as <paramref name="deployedAt"/> when only its finish is known (the baseline then ends at the finish).</param>
    /// <param name="laterStart">
    /// Asked before each look with the look's end: the start of a later deploy of the service begun before then, or null.
    /// A look that would measure a later deploy's traffic is not taken: the looks stop at its start, and the last look
    /// taken (all on the deploy's own traffic, and undecided, else the watch had ended) is returned; null when the later
    /// deploy began before the first look.
    /// </param>
    public async Task<WatchLook?> RunAsync(DateTimeOffset began, DateTimeOffset deployedAt, GateContext context, IReadOnlyList<ExcludedSpan>? excluded = null,
        Func<DateTimeOffset, CancellationToken, Task<DateTimeOffset?>>? laterStart = null)
    {
        var cancellationToken = context.Cancellation;
        var start = DateTimeOffset.FromUnixTimeSeconds(deployedAt.ToUnixTimeSeconds());
        var from = DateTimeOffset.FromUnixTimeSeconds(began.ToUnixTimeSeconds());
        var rollout = start > from ? start - from : TimeSpan.Zero;
        var deadline = start + MaxWait;
        _baseline.Exclude(excluded ?? []);
        _baseline.SkipRollout(rollout);
        var now = context.Clock.GetUtcNow();
        string At(DateTimeOffset at) => WatchTime.Of(at, now);
        var left = excluded is { Count: > 0 }
            ? "; it ends before the failed deploy" + (excluded.Count > 1 ? "s" : "") + " "
                + string.Join(", ", excluded.Select(s => $"{TextSafe.Line(s.Version)} ({At(s.From)} to {At(s.To)})")) + ", left out"
            : "";
        var baseline = rollout > TimeSpan.Zero
            ? $"after the deploy finished at {At(start)}: baseline is as long as the span judged, before the deploy began at {At(from)} (its {PromDuration.Format(rollout)} rollout is read by neither)"
            : $"after the deploy at {At(start)}: baseline is as long before it as the span judged";
        await _progress.WriteLineAsync($"watching {TextSafe.Line(_spec.Path)} {baseline}{left}; looks every {PromDuration.Format(_spec.Interval)}, gives up at {At(deadline)}");
        var rejectedLooks = 0;
        WatchLook? last = null;
        for (var look = 1; ; look++)
        {
            var due = start + (_spec.Interval * look);
            var wait = due - context.Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.Clock, cancellationToken);
            }

            if (laterStart is not null && await laterStart(due, cancellationToken) is { } later)
            {
                await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{PromDuration.Format(due - start)}/{PromDuration.Format(_spec.Window)}] stop  a later deploy started at {At(later)}: the looks stop there, after {look - 1} on this deploy's own traffic"));
                return last;
            }

            var window = new EvaluationWindow(start, due, _spec.Interval);
            var judgement = await JudgeAsync(window, cancellationToken);
            var rejection = _rejections.EveryQueryRejected();
            rejectedLooks = rejection is null ? 0 : rejectedLooks + 1;
            var stopped = rejectedLooks >= _errorLimit && judgement.Verdict == Verdict.Hold;
            if (stopped)
            {
                judgement = judgement with { Reason = ErrorLimitReached(rejectedLooks, rejection!) };
            }

            var evidence = CanaryGate.Evidence(_spec, judgement, window, "pre-deploy baseline");
            if (stopped)
            {
                evidence = evidence with { Findings = [ErrorLimitFinding(rejectedLooks, rejection!), .. evidence.Findings] };
            }

            var report = await GatePipeline.RunAsync(evidence, context);
            await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{PromDuration.Format(due - start)}/{PromDuration.Format(_spec.Window)}] {report.Verdict.WireName(),-5} {TextSafe.Line(report.Reason)}"));
            last = new WatchLook(report, evidence);
            if (report.Verdict != Verdict.Hold || due >= deadline || stopped)
            {
                return last;
            }
        }
    }

    /// <summary>
    /// One look's judgement of the deploy from <c>window.Start</c> to <c>window.End</c> against as long a span before it:
    /// the canary judge's, held while the window is not over (every slice within bounds is not yet a pass), and held
    /// while a step after the deploy has no point (<see cref="StepGaps"/>). No policy, no record: <see cref="RunAsync"/>
    /// adds those; the decision-quality benchmark calls this alone.
    /// </summary>
    public async Task<CanaryJudgement> JudgeAsync(EvaluationWindow window, CancellationToken cancellationToken)
    {
        _answers.NextLook();
        var judgement = await _evaluator.EvaluateAsync(window, requireFullWindow: true, cancellationToken);
        return await _gaps.ApplyAsync(judgement, window, cancellationToken);
    }

    private string ErrorLimitReached(int looks, string lastError) =>
        $"the source rejected every query of {looks} looks in a row (--error-limit {_errorLimit}), so the watch stopped; one of them: {lastError}";

    /// <summary>The <c>no-data</c> finding of a watch stopped at its error limit: how many looks failed, and one of the last look's errors (the first in ordinal order).</summary>
    private Finding ErrorLimitFinding(int looks, string lastError) =>
        new("no-data", Severity.Medium, "source", ErrorLimitReached(looks, lastError))
        {
            Evidence = new Dictionary<string, object?> { ["rejectedLooks"] = looks, ["errorLimit"] = _errorLimit, ["lastError"] = lastError },
        };
}
