using Tollgate.Domain.Findings;

namespace Tollgate.Delivery.Retention;

/// <summary>What retention keeps and deletes in one repository, and the <c>retention-floor</c> findings that stop an apply.</summary>
public sealed record RetentionPlan(
    string Service,
    IReadOnlyList<FloorEntry> Floor,
    IReadOnlyList<RetainedArtifact> Kept,
    IReadOnlyList<Deletion> Deletions,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>What an apply the registry stopped midway did not delete (newest first); empty for a plan or a whole apply.</summary>
    public IReadOnlyList<Deletion> NotDeleted { get; init; } = [];
}
