using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Judgement;

/// <summary>The judge's answer: one verdict with its reason, every check (worst first) and each slice's own verdict.</summary>
public sealed record CanaryJudgement(
    Verdict Verdict,
    string Reason,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<KeyValuePair<SliceKey, Verdict>> Slices)
{
    /// <summary>True when the canary has been measured over the whole fixed window.</summary>
    public bool WindowComplete { get; init; }

    /// <summary>Why the window is not complete when the canary ran all of it (the baseline did not); null otherwise.</summary>
    public string? Incomplete { get; init; }

    /// <summary>Why the source could not answer, when it could not.</summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];

    /// <summary>What a reader must know about how it was reached, e.g. a question a replayed recording could not answer.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
