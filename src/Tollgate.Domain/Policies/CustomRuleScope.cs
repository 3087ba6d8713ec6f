namespace Tollgate.Domain.Policies;

/// <summary>What a custom rule's expression is evaluated over.</summary>
public enum CustomRuleScope
{
    /// <summary>Once per resource change, with <c>change</c> and <c>plan</c> bound; one finding per matching change.</summary>
    Change,

    /// <summary>Once per plan, with only <c>plan</c> bound (e.g. "no more than 20 changes per plan").</summary>
    Plan,
}
