using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>A rollout-safety check over a set of manifests. One class per rule; register it in <see cref="ManifestRules"/>.</summary>
public interface IManifestRule
{
    /// <summary>Its id (stable: see docs/rules.md), default severity and description, declared once.</summary>
    RuleInfo Info { get; }

    IEnumerable<Finding> Evaluate(ManifestSet set);
}
