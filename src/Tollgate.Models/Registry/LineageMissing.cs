using Tollgate.Domain.Findings;
using Tollgate.Domain.Registry;

namespace Tollgate.Models.Registry;

/// <summary>
/// <c>lineage-missing</c>: a model version with no training dataset on record. "What data trained this model" is the
/// first question of every incident review and audit; a version that cannot answer it does not register or promote.
/// </summary>
public static class LineageMissing
{
    public static Finding Finding(ModelVersion version) =>
        new(ModelRules.LineageMissing.Id, Severity.High, version.Id,
            $"{version.Id} has no training dataset on record: nobody can say what data trained it")
        {
            Suggestion = $"tollgate model register {version.Name} --version {version.Version} --artifact … --dataset train.parquet (or a directory, or dvc.lock)",
            Evidence = new Dictionary<string, object?> { ["artifactDigest"] = version.ArtifactDigest, ["source"] = version.Source },
        };
}
