using Tollgate.Models.Lineage;

namespace Tollgate.Models.Drift;

/// <summary>
/// The SHA-256 of each input of a comparison (references, then current), each made once: by the streamed CSV reader
/// from the blocks it loads (<see cref="Tables.OrderedDigest"/>), or, for what it did not make (Parquet, profiles, a
/// file the general reader takes), by a task of its own beside the comparison.
/// </summary>
internal sealed class InputDigests(IReadOnlyList<string> paths)
{
    private readonly byte[]?[] made = new byte[paths.Count][];
    private Task? rest;

    /// <summary>The digest of input <paramref name="input"/>, made while reading it (before <see cref="HashTheRest"/>).</summary>
    public void Made(int input, byte[] digest) => made[input] = digest;

    /// <summary>Starts hashing, beside whatever runs next, every input whose digest was not made while reading it.</summary>
    public void HashTheRest(CancellationToken cancellationToken) => rest ??= Task.Run(
        () =>
        {
            for (var i = 0; i < made.Length; i++)
            {
                made[i] ??= ContentHash.OfFile(paths[i]).ToArray();
            }
        },
        cancellationToken);

    /// <summary>Every input's digest, in order.</summary>
    public async Task<IReadOnlyList<byte[]>> AllAsync(CancellationToken cancellationToken)
    {
        HashTheRest(cancellationToken);
        await rest!;
        return [.. made.Select(d => d!)];
    }
}
