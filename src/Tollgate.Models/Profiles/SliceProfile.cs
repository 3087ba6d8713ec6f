namespace Tollgate.Models.Profiles;

/// <summary>The profiles of every feature in one slice of the data.</summary>
public sealed class SliceProfile
{
    public long Rows { get; set; }

    public Dictionary<string, FeatureProfile> Features { get; set; } = new(StringComparer.Ordinal);
}
