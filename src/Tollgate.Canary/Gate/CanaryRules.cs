using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;

namespace Tollgate.Canary.Gate;

/// <summary>The canary's checks as rules: what the judge reports per slice and metric, registered once.</summary>
public static class CanaryRules
{
    private const string Pillar = "Canary";

    public static IReadOnlyList<RuleInfo> Registrations { get; } =
    [
        new("slo", Severity.High, "The canary breaks an absolute bound (maxValue) with the required confidence") { Pillar = Pillar, IsOutcome = true },
        new("relative", Severity.High, "The canary is worse than the baseline by more than the bound (maxRatio) with the required confidence") { Pillar = Pillar, IsOutcome = true },
        new("min-samples", Severity.Low, "Too few samples in a slice to judge it yet") { Pillar = Pillar },
        new("no-data", Severity.Low, "A slice, metric or the whole source returned no data") { Pillar = Pillar },
    ];
}
