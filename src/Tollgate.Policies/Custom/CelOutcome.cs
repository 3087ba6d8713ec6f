namespace Tollgate.Policies.Custom;

/// <summary>What one evaluation gave: true, false, or (with <see cref="Value"/> null) the error that stopped it.</summary>
public sealed record CelOutcome(bool? Value, string? Error)
{
    /// <summary>Set when a bound stopped the evaluation (steps or time): bad configuration, not a finding.</summary>
    public string? Limit { get; init; }
}
