namespace Tollgate.Domain.Gates;

/// <summary>Which step of <see cref="VerdictDecision"/> decided.</summary>
public enum DecisionCause
{
    /// <summary>Findings at or above <c>failOn</c> that no exception covers: <c>fail</c>.</summary>
    Failing,

    /// <summary>Findings that ask for a review lack approvals of the digest: <c>review</c>.</summary>
    ReviewMissing,

    /// <summary>Every finding that asked for a review has its approvals: <c>pass</c>.</summary>
    Approved,

    /// <summary>The evidence cannot decide yet (no data, window not over, nothing to judge): <c>hold</c>.</summary>
    Pending,

    /// <summary>Nothing fails and nothing asks for a review: <c>pass</c>.</summary>
    Clear,
}
