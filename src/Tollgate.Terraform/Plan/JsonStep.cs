namespace Tollgate.Terraform.Plan;

/// <summary>What <see cref="StreamingJsonWalker"/> does with one value.</summary>
public enum JsonStep
{
    /// <summary>Walk into the object or array and decide again for each member.</summary>
    Descend,

    /// <summary>Hand the whole value over as bytes.</summary>
    Capture,

    /// <summary>Read past it without keeping anything.</summary>
    Skip,
}
