using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Judgement;

/// <summary>The judge's answer: one verdict with its reason, every check (worst first) and each slice's own verdict.</summary>
public sealed record CanaryJudgement(
    Verdict Verdict,
    string Reason,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<KeyValuePair<SliceKey, Verdict>> Slices)
{
    /// <summary>
    /// True when the canary has been measured over the whole fixed window: no <see cref="Incomplete"/> reason. Set
    /// false without a reason, the reason is <see cref="CanaryJudge.NotMeasured"/>.
    /// </summary>
    public bool WindowComplete
    {
        get => Incomplete is null;
        init => Incomplete = value ? null : Incomplete ?? CanaryJudge.NotMeasured;
    }

    /// <summary>
    /// Why the window is not complete, as the hold's reason when every check is within bounds ("window not over: …",
    /// "window not complete: …"); null when it is complete. A decision again (a policy's exceptions) keeps it.
    /// </summary>
    public string? Incomplete { get; init; }

    /// <summary>Why no query returned a series, when none did and the source said more (a metric that stopped reporting).</summary>
    public string? NoData { get; init; }

    /// <summary>Why the source could not answer, when it could not.</summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];

    /// <summary>
    /// Answers the source gave with <c>warnings</c> (a Thanos partial response, a PromQL warning): it answered, so this
    /// is no blindness, but the answer may be incomplete, so it holds as <see cref="Unavailable"/> does.
    /// </summary>
    public IReadOnlyList<string> Warned { get; init; } = [];

    /// <summary>What a reader must know about how it was reached, e.g. a question a replayed recording could not answer.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
