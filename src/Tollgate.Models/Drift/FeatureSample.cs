using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>One feature of one slice, ready to compare: a numeric distribution or category counts, and how many values were missing.</summary>
public sealed record FeatureSample(string Name, EmpiricalDistribution? Numbers, IReadOnlyDictionary<string, long>? Categories, long Missing)
{
    public long Present => Numbers?.Total ?? Categories!.Values.Sum();

    /// <summary>Read from a profile file saved earlier (maybe by an older version), not measured in this run.</summary>
    public bool Saved { get; init; }
}
