using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Models.Profiles;

/// <summary>Reads and writes profile files; <see cref="ReadMerged"/> merges several (<c>--reference P1,P2</c>).</summary>
public static class ProfileFile
{
    /// <summary>
    /// The profile of a table read from a file, naming the file and its SHA-256 as its source; <paramref name="exclude"/>:
    /// columns that are no features, each of which the table must have (a typo would profile the column meant to be left out).
    /// </summary>
    public static DatasetProfile Make(Tables.Table table, IReadOnlyList<string> sliceBy, IReadOnlyList<string>? exclude = null)
    {
        foreach (var name in exclude ?? [])
        {
            _ = table.Find(name) ?? throw Tables.MissingColumn.Error(table.Source, name, [.. table.Columns.Select(c => c.Name)], "--exclude");
        }

        var profile = DatasetProfile.Build(table, sliceBy, exclude is null ? null : name => !exclude.Contains(name));
        profile.Sources = [new ProfileSource(Path.GetFileName(table.Source), Lineage.ContentHash.HexOfFile(table.Source), table.Rows)];
        return profile;
    }

    public static void Write(DatasetProfile profile, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        Write(profile, stream);
    }

    /// <summary>The profile as JSON into <paramref name="stream"/> (the command line's <c>-o</c>, written whole or not at all).</summary>
    public static void Write(DatasetProfile profile, Stream stream) =>
        JsonSerializer.Serialize(stream, profile, ProfileJsonContext.Default.DatasetProfile);

    public static DatasetProfile Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length == 0)
            {
                // As an empty CSV says so, not "not well-formed JSON" at line 1, column 1.
                throw new InvalidInputException($"{path}: empty file, expected a profile (tollgate model profile FILE -o {Path.GetFileName(path)})");
            }

            var profile = JsonSerializer.Deserialize(stream, ProfileJsonContext.Default.DatasetProfile)
                ?? throw new InvalidInputException($"{path}: empty profile");
            if (profile.Format is null)
            {
                throw new InvalidInputException($"{path}: not a Tollgate profile: it has no \"format\" (a profile tollgate model profile writes says {DatasetProfile.CurrentFormat})");
            }

            if (profile.Format != DatasetProfile.CurrentFormat)
            {
                throw new InvalidInputException($"{path}: profile format {profile.Format ?? "(none)"} is not {DatasetProfile.CurrentFormat}: make it again with tollgate model profile");
            }

            if (profile.FormatVersion is < 1 or > DatasetProfile.CurrentFormatVersion)
            {
                throw new InvalidInputException($"{path}: profile format version {profile.FormatVersion}, and this version of tollgate reads 1 to {DatasetProfile.CurrentFormatVersion}: make it again with this version's tollgate model profile");
            }

            if (profile.RelativeAccuracy != FeatureProfile.RelativeAccuracy)
            {
                throw new InvalidInputException($"{path}: a profile of relative accuracy {profile.RelativeAccuracy}, not {FeatureProfile.RelativeAccuracy}: make it again with tollgate model profile");
            }

            var problem = (profile.SliceBy is null || profile.Slices is null ? "no \"sliceBy\" or \"slices\"" : null)
                ?? (profile.Sources ?? []).Select((s, i) => s is null || s.File is null || s.Sha256 is null ? $"source {i + 1} without \"file\" or \"sha256\"" : null).FirstOrDefault(p => p is not null)
                ?? profile.Slices!.Where(s => s.Value?.Rows < 0).Select(s => $"slice {s.Key} with {s.Value.Rows} rows").FirstOrDefault()
                ?? profile.Slices!.Where(s => s.Value is null || s.Value.Features is null).Select(s => $"slice {s.Key} without features").FirstOrDefault()
                ?? profile.Slices!.SelectMany(s => s.Value.Features.Select(f => (f.Value is null ? "an empty feature" : f.Value.Problem()) is { } p ? $"slice {s.Key}, feature {f.Key}: {p}" : null)).FirstOrDefault(p => p is not null);
            return problem is null ? profile : throw new InvalidInputException($"{path}: not a usable profile: {problem}");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not a Tollgate profile ({JsonProblem.Describe(e)})");
        }
    }

    public static bool LooksLikeProfile(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[32];
        var read = stream.Read(head);
        return head[..read].IndexOf("\"format\""u8) >= 0 || (read > 0 && head[0] == (byte)'{');
    }

    /// <summary>
    /// The profiles of several shards as one. Every shard must be sliced alike, and no table may be in two of them
    /// (by the SHA-256 each profile records of what it profiled): its rows would count twice.
    /// </summary>
    public static DatasetProfile ReadMerged(IReadOnlyList<string> paths)
    {
        var merged = Read(paths[0]);
        var seen = new Dictionary<string, (string Path, ProfileSource Source)>(StringComparer.Ordinal);
        Remember(paths[0], merged);
        foreach (var path in paths.Skip(1))
        {
            var next = Read(path);
            merged.Merge(next, path, paths[0]);
            Remember(path, next);
        }

        return merged;

        void Remember(string path, DatasetProfile profile)
        {
            foreach (var source in profile.Sources ?? [])
            {
                if (seen.TryGetValue(source.Sha256, out var earlier))
                {
                    throw new InvalidInputException($"the same table ({source.File}, sha256:{source.Sha256[..Math.Min(12, source.Sha256.Length)]}…) is profiled in {earlier.Path} and again in {path}: merge each shard once, or its rows count twice");
                }

                seen[source.Sha256] = (path, source);
            }
        }
    }
}
