using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Policies;

/// <summary>
/// One entry of <c>rules:</c>: turn a rule off, override its severity, and set its numeric thresholds
/// (<c>threshold</c>, <c>maxDependents</c>, ...), which the rule that owns them reads with <see cref="Policy.Threshold"/>.
/// </summary>
public sealed record RuleSettings
{
    public bool Enabled { get; init; } = true;

    public Severity? Severity { get; init; }

    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();
}
