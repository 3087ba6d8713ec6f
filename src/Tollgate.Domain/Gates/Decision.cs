using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Gates;

/// <summary>
/// The verdict <see cref="VerdictDecision"/> reached and what it rests on, for the kind to put in words:
/// <see cref="Deciding"/> are the failing findings (<see cref="DecisionCause.Failing"/>), the findings that asked
/// for a review (<see cref="DecisionCause.ReviewMissing"/>, <see cref="DecisionCause.Approved"/>), or every finding
/// that counts (otherwise), in the order the gate produced them.
/// </summary>
public sealed record Decision(Verdict Verdict, DecisionCause Cause, IReadOnlyList<Finding> Deciding)
{
    public IReadOnlyList<ReviewNeed> Reviews { get; init; } = [];

    /// <summary>How many findings there were in all, excepted ones included.</summary>
    public int Total { get; init; }

    /// <summary>How many findings a policy exception (or the scanner) suppressed.</summary>
    public int Excepted { get; init; }

    public Severity FailOn { get; init; } = Severity.High;

    public string Digest { get; init; } = "";

    /// <summary>
    /// The findings that keep the verdict from <c>pass</c> whatever else happens: those that fail, and those that ask for
    /// a review their resource lacks approvals for. A finding below <c>failOn</c> (an <c>info</c> one, under the default
    /// policy), an excepted one and an approved one are not among them.
    /// </summary>
    public IReadOnlyList<Finding> Blocking { get; init; } = [];

    /// <summary>Why the evidence cannot decide yet, when it cannot.</summary>
    public string? Pending { get; init; }
}
