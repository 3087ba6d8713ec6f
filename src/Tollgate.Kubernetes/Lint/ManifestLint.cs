using Tollgate.Kubernetes.Manifests;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Lint;

/// <summary>
/// The manifest lint as a pure function: texts in, findings out, no policy, ledger or files. The gate and any host
/// (a server's Flagger pre-rollout hook) call it; bad YAML or a malformed object is an
/// <see cref="Domain.InvalidInputException"/> naming <c>file:line</c>.
/// </summary>
public static class ManifestLint
{
    /// <summary>Reads every document of <paramref name="inputs"/>; objects without a namespace are in <paramref name="defaultNamespace"/>.</summary>
    public static ManifestSet Read(IEnumerable<ManifestText> inputs, string defaultNamespace = "default")
    {
        var documents = inputs.SelectMany(YamlDocuments.Read).ToList();
        var (objects, notes) = ObjectReader.Read(documents, defaultNamespace);
        return ManifestSet.From(objects, notes);
    }

    public static LintResult Lint(IEnumerable<ManifestText> inputs, string defaultNamespace = "default") =>
        Lint(Read(inputs, defaultNamespace));

    /// <summary>Every rule's findings on <paramref name="set"/>, one line per mistake (<see cref="UnsetBesideUnknown"/>).</summary>
    public static LintResult Lint(ManifestSet set, IReadOnlyList<IManifestRule>? rules = null) =>
        new(set, UnsetBesideUnknown.Fold(set, [.. (rules ?? ManifestRules.All).SelectMany(r => r.Evaluate(set))]));
}
