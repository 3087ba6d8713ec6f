using Tollgate.Domain.Findings;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Lint;

/// <summary>What the rules found in a set of manifests, with the set they read (counts, notes).</summary>
public sealed record LintResult(ManifestSet Set, IReadOnlyList<Finding> Findings);
