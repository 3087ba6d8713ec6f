using Tollgate.Domain;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// The samples a drift comparison reads, per slice and feature: exact values from a table, or the buckets of a
/// profile. When either side is a profile both sides are profiled, so the two are measured on the same grid.
/// </summary>
public sealed class SampleSet(string source, Dictionary<string, Dictionary<string, FeatureSample>> slices)
{
    public string Source { get; } = source;

    public Dictionary<string, Dictionary<string, FeatureSample>> Slices { get; } = slices;

    /// <summary>The samples of a profile; <paramref name="saved"/> when it was read from a profile file, not made in this run.</summary>
    public static SampleSet FromProfile(DatasetProfile profile, string source, bool saved = false)
    {
        var slices = new Dictionary<string, Dictionary<string, FeatureSample>>(StringComparer.Ordinal);
        int? version = saved ? profile.FormatVersion : null;
        foreach (var (key, slice) in profile.Slices)
        {
            slices[key] = slice.Features.ToDictionary(
                kv => kv.Key,
                kv => kv.Value.IsNumeric
                    ? new FeatureSample(kv.Key, kv.Value.ToDistribution(), null, kv.Value.Missing) { SavedFormatVersion = version }
                    : new FeatureSample(kv.Key, null, kv.Value.Categories!, kv.Value.Missing) { SavedFormatVersion = version },
                StringComparer.Ordinal);
        }

        return new SampleSet(source, slices);
    }
}
