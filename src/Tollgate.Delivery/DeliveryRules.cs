using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Drills;
using Tollgate.Delivery.Retention;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;

namespace Tollgate.Delivery;

/// <summary>The deploy pillar's rules, registered once: a policy may name them, SARIF and docs/rules.md describe them.</summary>
public static class DeliveryRules
{
    private const string Pillar = "Deploys";

    public static RuleInfo WatchWindow { get; } =
        new(DeployReport.WatchWindowRule, Severity.High, "The SLI watch window after a deploy failed and the deploy was rolled back") { Pillar = Pillar, IsOutcome = true };

    public static RuleInfo DeployFailed { get; } =
        new(DeployReport.DeployFailedRule, Severity.Critical, "The deploy command failed or outlived its timeout, so the deploy was rolled back; a severity override does not lower it") { Pillar = Pillar, IsOutcome = true };

    public static RuleInfo DrillStale { get; } =
        new(DrillStaleRule.Id, Severity.Medium, "The service's last successful rollback drill is older than maxDrillAgeDays (default 30), or there was none") { Pillar = Pillar, Thresholds = [DrillStaleRule.MaxAgeKey] };

    public static RuleInfo RetentionFloor { get; } =
        new(RetentionPlanner.Rule, Severity.High, "Pruning is refused: the N+2 floor (live, previous and the one before, per environment) is unknown or already missing from the registry") { Pillar = Pillar };

    public static RuleInfo RetentionIncomplete { get; } =
        new(RetentionReport.IncompleteRule, Severity.High, "A retention apply stopped midway: the registry refused or failed a delete after others were made; what was and was not deleted is recorded") { Pillar = Pillar, IsOutcome = true };

    public static IReadOnlyList<RuleInfo> Registrations { get; } = [DeployFailed, WatchWindow, DrillStale, RetentionFloor, RetentionIncomplete];
}
