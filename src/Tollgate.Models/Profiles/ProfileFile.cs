using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Models.Profiles;

/// <summary>Reads and writes profile files; <see cref="ReadMerged"/> merges several (<c>--reference P1,P2</c>).</summary>
public static class ProfileFile
{
    public static void Write(DatasetProfile profile, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, profile, ProfileJsonContext.Default.DatasetProfile);
    }

    public static DatasetProfile Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var profile = JsonSerializer.Deserialize(stream, ProfileJsonContext.Default.DatasetProfile)
                ?? throw new InvalidInputException($"{path}: empty profile");
            return profile.Format == DatasetProfile.CurrentFormat && profile.RelativeAccuracy == Profiles.FeatureProfile.RelativeAccuracy
                ? profile
                : throw new InvalidInputException($"{path}: profile format {profile.Format} is not {DatasetProfile.CurrentFormat}");
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

    public static DatasetProfile ReadMerged(IReadOnlyList<string> paths)
    {
        var merged = Read(paths[0]);
        foreach (var path in paths.Skip(1))
        {
            merged.Merge(Read(path));
        }

        return merged;
    }
}
