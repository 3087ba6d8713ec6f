namespace Tollgate.Domain.Policies;

/// <summary>
/// One resource that needs a human: how many approvals it needs, whose approvals count (<see cref="Allowed"/> is
/// null when anyone's do) and who among the recorded approvers counted.
/// </summary>
public sealed record ReviewNeed(string Address, int Required, IReadOnlyList<string>? Allowed, IReadOnlyList<string> CountedApprovers)
{
    public int Missing => Math.Max(0, Required - CountedApprovers.Count);
}
