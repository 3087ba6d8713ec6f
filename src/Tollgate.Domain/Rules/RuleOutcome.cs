namespace Tollgate.Domain.Rules;

/// <summary>What a finding at or above the policy's <c>failOn</c> severity does to the verdict.</summary>
public enum RuleOutcome
{
    /// <summary>The gate fails; only a policy exception clears it.</summary>
    Fail,

    /// <summary>The gate asks for a review; approvals of the report's digest clear it.</summary>
    Review,
}
