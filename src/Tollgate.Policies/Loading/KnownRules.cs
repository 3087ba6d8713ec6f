using Tollgate.Domain.Policies;

namespace Tollgate.Policies.Loading;

/// <summary>
/// The stable rule ids of PRODUCT.md a policy may name. A name outside them (and outside <c>policy/</c> and
/// <c>scanner/</c>) is a typo that would silently configure nothing, so loading refuses it.
/// </summary>
internal static class KnownRules
{
    public static IReadOnlyList<string> Ids { get; } =
    [
        "destroy", "replace", "forget", "replace-chain", "rename-suspect", "sensitive-change",
        "module-depends-on", "depends-on", "implicit-dependency", "fan-out", "cycle", "blast-radius", "state-split",
        "slo", "relative", "min-samples", "no-data",
        "k8s/pdb-missing", "k8s/pdb-blocks-eviction", "k8s/min-ready-seconds", "k8s/readiness-probe",
        "k8s/canary-step-too-small", "k8s/hpa-vs-rollout", "k8s/max-unavailable",
        "lineage-missing", "kpi-regression", "shadow-disagreement", "drift", "trend", "skew", "drill-stale",
        "watch-window", "retention-floor",
    ];

    /// <summary>True for a known id, a <c>policy/</c> or <c>scanner/</c> id, or a glob that could match one.</summary>
    public static bool Accepts(string rule) =>
        Ids.Contains(rule, StringComparer.Ordinal)
        || rule.StartsWith("policy/", StringComparison.Ordinal)
        || rule.StartsWith("scanner/", StringComparison.Ordinal)
        || (Glob.IsPattern(rule) && (Ids.Any(id => Glob.Matches(rule, id)) || Glob.Matches(rule, "policy/x") || Glob.Matches(rule, "scanner/x/y")));
}
