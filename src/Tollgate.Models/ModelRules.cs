using Tollgate.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;

namespace Tollgate.Models;

/// <summary>
/// The model pillar's rules, registered once: a policy may name them, SARIF and docs/rules.md describe them.
/// <c>drill-stale</c> is shared with deploys and registered there; model gates report it under the same id.
/// </summary>
public static class ModelRules
{
    private const string Pillar = "Models";

    public static RuleInfo LineageMissing { get; } =
        new("lineage-missing", Severity.High, "A model version has no training dataset on record (content digest), so nobody can say what data trained it") { Pillar = Pillar };

    public static RuleInfo KpiRegression { get; } =
        new("kpi-regression", Severity.High, "The candidate lowers the business KPI it controls by more than the spec allows (anytime-valid test, per slice)") { Pillar = Pillar, IsOutcome = true };

    /// <summary>Asks for a review in a promote report whatever its severity (<see cref="RuleInfo.ReviewedIn"/>): lost outcomes are a question for a human, not a measured KPI loss.</summary>
    public static RuleInfo KpiOutcomeMissing { get; } =
        new("kpi-outcome-missing", Severity.Medium, "The candidate's prediction-log rows more often have no KPI value than the live version's (one-sided two-proportion z or Fisher's exact test, and at least 1 point)") { Pillar = Pillar, AtFailOn = RuleOutcome.Review, ReviewedIn = Promotion.PromoteGate.Kind };

    public static RuleInfo ShadowDisagreement { get; } =
        new("shadow-disagreement", Severity.High, "In shadow, the candidate's predictions disagree with the live model's, shift in a slice, or score worse on labels") { Pillar = Pillar };

    public static RuleInfo Drift { get; } =
        new("drift", Severity.High, "A feature's distribution moved between reference and current window (Holm-corrected test and a practical effect)") { Pillar = Pillar };

    public static RuleInfo Skew { get; } =
        new("skew", Severity.High, "A feature's serving distribution differs from training (Holm-corrected test and a practical effect)") { Pillar = Pillar };

    public static RuleInfo Trend { get; } =
        new("trend", Severity.High, "A sustained decline of a monitored series (control chart confirmed by Mann-Kendall), not a spike") { Pillar = Pillar };

    /// <summary>The rules this pillar registers (<c>drill-stale</c> is <see cref="DeliveryRules.DrillStale"/>).</summary>
    public static IReadOnlyList<RuleInfo> Registrations { get; } = [LineageMissing, KpiRegression, KpiOutcomeMissing, ShadowDisagreement, Drift, Skew, Trend];

    /// <summary>Every rule a model gate may report, for an <c>Evidence</c>.</summary>
    public static IReadOnlyList<RuleInfo> Reported { get; } = [.. Registrations, DeliveryRules.DrillStale];
}
