using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Policies;

/// <summary>The verdict a policy reaches on a set of findings, with the one line that says why.</summary>
public sealed record GateDecision(Verdict Verdict, string Reason)
{
    public IReadOnlyList<ReviewNeed> Reviews { get; init; } = [];
}
