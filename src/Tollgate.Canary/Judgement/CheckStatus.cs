namespace Tollgate.Canary.Judgement;

/// <summary>Where one check of one slice stands.</summary>
public enum CheckStatus
{
    /// <summary>Measured, and within the bound.</summary>
    Within,

    /// <summary>The estimate is beyond the bound, but not with the required confidence yet.</summary>
    Exceeds,

    /// <summary>Worse than the bound with the required confidence, after the family correction: roll back.</summary>
    Worse,

    /// <summary>Fewer than <c>minSamples</c> in a group: not judged.</summary>
    MinSamples,

    /// <summary>No series, NaN, or no canary traffic: not judged.</summary>
    NoData,
}
