using Tollgate.Domain.Rules;

namespace Tollgate.Kubernetes.Rules;

/// <summary>The composition root of the manifest rules: adding a rule is one file and one line here.</summary>
public static class ManifestRules
{
    public const string Pillar = "Kubernetes lint";

    public static IReadOnlyList<IManifestRule> All { get; } =
    [
        new PdbMissingRule(),
        new PdbBlocksEvictionRule(),
        new MinReadySecondsRule(),
        new ReadinessProbeRule(),
        new CanaryStepTooSmallRule(),
        new HpaVsRolloutRule(),
        new MaxUnavailableRule(),
        new InvalidManifestRule(),
    ];

    /// <summary>What the manifest rules declare, for the rule catalog (policy ids, SARIF, docs/rules.md).</summary>
    public static IReadOnlyList<RuleInfo> Registrations { get; } = [.. All.Select(r => r.Info)];
}
