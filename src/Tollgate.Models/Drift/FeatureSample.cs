using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>One feature of one slice, ready to compare: a numeric distribution or category counts, and how many values were missing.</summary>
public sealed record FeatureSample(string Name, EmpiricalDistribution? Numbers, IReadOnlyDictionary<string, long>? Categories, long Missing)
{
    public long Present => Numbers?.Total ?? Categories!.Values.Sum();

    /// <summary>The format version of the profile file it was read from (maybe an older version's); null when measured in this run.</summary>
    public int? SavedFormatVersion { get; init; }

    /// <summary>Read from a profile saved before <c>N/A</c>, <c>n/a</c> and <c>-</c> counted as missing among numbers.</summary>
    public bool SavedBeforeMissingMarkers => SavedFormatVersion < Profiles.DatasetProfile.MissingMarkersVersion;
}
