namespace Tollgate.Domain.Delivery;

/// <summary>Where a deploy stands: still running, finished and live, or failed (the deploy itself, or its watch window).</summary>
public enum DeployResult
{
    Running,
    Success,
    Failed,
}
