namespace Tollgate.Terraform.Graph.Cycles;

/// <summary>Whether the cycles listed for a component are all of them.</summary>
public enum CycleListing
{
    /// <summary>Every elementary cycle of the component is listed.</summary>
    Complete,

    /// <summary>The listing hit its cap and one more cycle was found: more exist.</summary>
    MoreExist,

    /// <summary>The search ran out of its work budget first: more may exist.</summary>
    Stopped,
}
