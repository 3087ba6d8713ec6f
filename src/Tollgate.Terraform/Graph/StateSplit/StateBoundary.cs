namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>Everything the <see cref="ConsumerOwner"/>'s state would read from the <see cref="ProducerOwner"/>'s state.</summary>
public sealed record StateBoundary(string ConsumerOwner, string ProducerOwner, IReadOnlyList<CrossReference> References)
{
    /// <summary>True when the producer also reads from the consumer: the two cannot be applied one after the other.</summary>
    public bool Mutual { get; init; }
}
