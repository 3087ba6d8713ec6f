namespace Tollgate.Terraform.Graph;

/// <summary>
/// Limits the graph rules gate on (policy file section <c>graph:</c> or command-line options). A null limit is
/// not checked; <see cref="FanOut"/> defaults to 100 dependents.
/// </summary>
public sealed record GraphThresholds
{
    public int FanOut { get; init; } = 100;

    public int? MaxBlastRadius { get; init; }

    public int? MaxChanged { get; init; }

    public int? MaxDestroyed { get; init; }

    /// <summary>Terraform's <c>-parallelism</c> for the apply-time estimate (default 10).</summary>
    public int Parallelism { get; init; } = 10;

    /// <summary>How many hubs and dependents a finding lists.</summary>
    public int Top { get; init; } = 10;
}
