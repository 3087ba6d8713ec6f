namespace Tollgate.Delivery.Retention;

/// <summary>The registry seam retention needs: list a repository's tagged artifacts, delete a manifest by digest.</summary>
public interface IArtifactRegistry
{
    Task<IReadOnlyList<TaggedArtifact>> ArtifactsAsync(string repository, CancellationToken cancellationToken);

    Task DeleteAsync(string repository, string digest, CancellationToken cancellationToken);
}
