using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Gates;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Promotion;

/// <summary>
/// The artifact a rollback or drill hook is about to serve, as the registry recorded it, checked first: a version
/// registered from a local file or directory (<c>sha256:</c>) is hashed again where it was registered (its path
/// resolved against the working directory) and must still be there with the recorded digest, else the hook would serve
/// bytes that are not the version's; the one-line refusal names the path and both digests, and nothing runs or is
/// recorded. An imported version's artifact (an MLflow URI) cannot be read here: the hook receives it to check.
/// The hook gets <see cref="Variables"/>: the model's name, the artifact's path or URI and its recorded digest.
/// </summary>
public sealed record ServedArtifact(string Name, string? Path, string? Digest)
{
    /// <summary>The environment variable with the model's name.</summary>
    public const string NameVariable = "TOLLGATE_MODEL_NAME";

    /// <summary>The environment variable with the artifact's path (absolute) or URI, as registered.</summary>
    public const string ArtifactVariable = "TOLLGATE_MODEL_ARTIFACT";

    /// <summary>The environment variable with the artifact's digest as registered (<c>sha256:…</c>, or <c>uri:…</c> for an import).</summary>
    public const string DigestVariable = "TOLLGATE_MODEL_ARTIFACT_DIGEST";

    /// <summary>What the hook is told besides the version: the name always, the artifact and its digest when registered.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        [NameVariable] = Name,
        [ArtifactVariable] = Path ?? "",
        [DigestVariable] = Digest ?? "",
    }.Where(v => v.Value.Length > 0).ToDictionary();

    /// <summary>
    /// NAME@VERSION's artifact, checked against its recorded digest when it is a local file or directory; a version
    /// only staged (never registered) has none to check. <paramref name="what"/> starts the refusal ("rollback", "drill").
    /// </summary>
    public static async Task<ServedArtifact> CheckAsync(IModelRegistry registry, string name, string version, string what, GateContext context)
    {
        var recorded = await registry.FindAsync(name, version, context.Cancellation);
        if (recorded?.ArtifactPath is not { Length: > 0 } path)
        {
            return new(name, null, recorded?.ArtifactDigest);
        }

        if (!recorded.ArtifactDigest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return new(name, path, recorded.ArtifactDigest);
        }

        var full = context.Resolve(path);
        var id = $"{name}@{version}";
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new InvalidInputException(
                $"{what}: {id}'s artifact {TextSafe.Line(path)} (registered as {recorded.ArtifactDigest}) is not at {TextSafe.Line(full)}, so the hook would serve bytes nobody checked: restore it, or run from the directory it was registered in; nothing was run or recorded");
        }

        var now = DatasetDigest.OfArtifact(full, path, context.Cancellation).Digest;
        return now == recorded.ArtifactDigest
            ? new(name, full, recorded.ArtifactDigest)
            : throw new InvalidInputException(
                $"{what}: {id}'s artifact {TextSafe.Line(path)} has changed since it was registered ({now} now, {recorded.ArtifactDigest} registered), so the hook would serve other bytes than {id}'s: restore it; nothing was run or recorded");
    }
}
