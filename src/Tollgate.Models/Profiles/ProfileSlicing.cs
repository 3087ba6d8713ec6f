using Tollgate.Domain;

namespace Tollgate.Models.Profiles;

/// <summary>
/// What a profile is sliced by (its <c>--slice-by</c> columns, in order), checked in one place wherever two slicings
/// must agree: shards merged into one profile, and a profile judged by a drift that slices its own way. Slices of
/// different columns hold different rows, so neither is ever compared or merged across slicings.
/// </summary>
public static class ProfileSlicing
{
    /// <summary>"region,tier" or "nothing (no --slice-by)", for messages.</summary>
    public static string Describe(IReadOnlyList<string> sliceBy) =>
        sliceBy.Count == 0 ? "nothing (no --slice-by)" : string.Join(",", sliceBy);

    /// <summary>A shard merged into a profile is sliced as it is; named by its files when they are known.</summary>
    public static void RequireShardAlike(IReadOnlyList<string> shard, IReadOnlyList<string> into, string? shardFile = null, string? intoFile = null)
    {
        if (!Same(shard, into))
        {
            throw new InvalidInputException((shardFile is null || intoFile is null
                ? $"cannot merge a profile sliced by {Describe(shard)} into one sliced by {Describe(into)}"
                : $"{shardFile} is sliced by {Describe(shard)}, {intoFile} by {Describe(into)}") + ": profile every shard with the same --slice-by");
        }
    }

    /// <summary>A profile given to <c>model drift</c> is sliced as the drift's <c>--slice-by</c> asks.</summary>
    public static void RequireAsRequested(IReadOnlyList<string> profiled, IReadOnlyList<string> requested, string profileName)
    {
        if (!Same(profiled, requested))
        {
            throw new InvalidInputException($"{profileName} is profiled sliced by {Describe(profiled)}, and this drift slices by {Describe(requested)}: give the same --slice-by as the profile, or profile again with this one");
        }
    }

    private static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b, StringComparer.Ordinal);
}
