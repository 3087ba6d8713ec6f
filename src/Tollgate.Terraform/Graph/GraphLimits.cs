namespace Tollgate.Terraform.Graph;

/// <summary>Limits given with the request (command-line options, an API body); each one set wins over the policy's.</summary>
public sealed record GraphLimits(int? FanOut = null, int? MaxBlastRadius = null, int? MaxChanged = null, int? MaxDestroyed = null)
{
    public GraphThresholds Over(GraphThresholds policy) => policy with
    {
        FanOut = FanOut ?? policy.FanOut,
        MaxBlastRadius = MaxBlastRadius ?? policy.MaxBlastRadius,
        MaxChanged = MaxChanged ?? policy.MaxChanged,
        MaxDestroyed = MaxDestroyed ?? policy.MaxDestroyed,
    };
}
