using Tollgate.Domain;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Profiles;

/// <summary>
/// A mergeable profile of a feature table (<c>tollgate model profile</c>): per slice (the whole data is slice
/// <see cref="AllRows"/>), per feature, a <see cref="FeatureProfile"/>. Profiles of shards merge into the profile of
/// their union, so a reference computed once per shard never has to be read again.
/// </summary>
public sealed class DatasetProfile
{
    public const string AllRows = "(all)";

    public const string CurrentFormat = "tollgate-profile/1";

    /// <summary>The <see cref="FormatVersion"/> a profile made here has.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>
    /// The first <see cref="FormatVersion"/> made while <c>N/A</c>, <c>n/a</c> and <c>-</c> counted as missing among
    /// numbers: a profile older than it may hold a numeric column as text for a few of them.
    /// </summary>
    public const int MissingMarkersVersion = 2;

    /// <summary>Null when a file has none: a JSON object without it (<c>{}</c>, a plan given by mistake) is no profile,
    /// not an empty one (<see cref="ProfileFile.Read"/>). A profile made here has <see cref="CurrentFormat"/>.</summary>
    public string? Format { get; set; }

    /// <summary>
    /// Which revision of <see cref="CurrentFormat"/> wrote the profile (what its counts mean, where the JSON shape is
    /// the same): 1 for a file without it, saved before the field existed; <see cref="CurrentFormatVersion"/> when made
    /// here. A merge has its oldest shard's.
    /// </summary>
    public int FormatVersion { get; set; } = 1;

    /// <summary>Saved before <c>N/A</c>, <c>n/a</c> and <c>-</c> counted as missing among numbers (<see cref="MissingMarkersVersion"/>).</summary>
    public bool SavedBeforeMissingMarkers => FormatVersion < MissingMarkersVersion;

    public double RelativeAccuracy { get; set; } = FeatureProfile.RelativeAccuracy;

    public List<string> SliceBy { get; set; } = [];

    public Dictionary<string, SliceProfile> Slices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The tables profiled (one, or every shard merged); absent in a profile that does not say.</summary>
    public List<ProfileSource>? Sources { get; set; }

    /// <summary>The profile of <paramref name="table"/> per slice; <paramref name="isFeature"/>: which other columns to profile (all when null).</summary>
    public static DatasetProfile Build(Table table, IReadOnlyList<string> sliceBy, Func<string, bool>? isFeature = null)
    {
        var sliceColumns = sliceBy.Select(name => table.Find(name) ?? throw MissingColumn.Error(table.Source, name, [.. table.Columns.Select(c => c.Name)], "--slice-by")).ToArray();
        var profile = new DatasetProfile { Format = CurrentFormat, FormatVersion = CurrentFormatVersion, SliceBy = [.. sliceBy] };
        var features = table.Columns.Where(c => !sliceBy.Contains(c.Name) && (isFeature?.Invoke(c.Name) ?? true)).ToArray();
        var all = profile.Slice(AllRows, features);
        for (var row = 0; row < table.Rows; row++)
        {
            var slice = sliceColumns.Length == 0 ? null : profile.Slice(SliceKey.Of(sliceColumns, row), features);
            all.Rows++;
            if (slice is not null)
            {
                slice.Rows++;
            }

            foreach (var column in features)
            {
                Add(all.Features[column.Name], column, row);
                if (slice is not null)
                {
                    Add(slice.Features[column.Name], column, row);
                }
            }
        }

        return profile;
    }

    /// <summary>Adds a shard's profile to this one; both must be sliced alike (named by their files when given).</summary>
    public void Merge(DatasetProfile other, string? otherFile = null, string? thisFile = null)
    {
        ProfileSlicing.RequireShardAlike(other.SliceBy, SliceBy, otherFile, thisFile);

        if (Sources is not null && other.Sources is not null)
        {
            Sources.AddRange(other.Sources);
        }
        else
        {
            Sources = null;
        }

        foreach (var (key, slice) in other.Slices)
        {
            if (!Slices.TryGetValue(key, out var mine))
            {
                Slices[key] = mine = new SliceProfile();
            }

            mine.Rows += slice.Rows;
            foreach (var (name, feature) in slice.Features)
            {
                if (mine.Features.TryGetValue(name, out var existing))
                {
                    // A categorical side holding only numbers and N/A, n/a or - in a profile saved before those counted
                    // as missing; made since, it is a column of text (a Parquet string column), not a stale profile.
                    var (stale, staleFile, staleProfile) = existing.IsNumeric ? (feature, otherFile, other) : (existing, thisFile, this);
                    if (existing.Kind != feature.Kind && otherFile is not null && thisFile is not null && staleProfile.SavedBeforeMissingMarkers
                        && stale.Categories is { } categories && Drift.FeatureComparison.Stale(categories) is { Length: > 0 } markers)
                    {
                        throw new Domain.InvalidInputException($"{otherFile}: feature {name} (slice {key}) is {feature.Kind} there and {existing.Kind} in {thisFile} ({markers} in {staleFile}, which this version reads as missing among numbers): {staleFile} was saved before N/A, n/a and - counted as missing; re-profile it with this version (tollgate model profile)");
                    }

                    if (existing.Kind != feature.Kind)
                    {
                        throw new Domain.InvalidInputException((otherFile is null || thisFile is null
                            ? $"cannot merge a {feature.Kind} profile of {name} into a {existing.Kind} one"
                            : $"{otherFile}: feature {name} (slice {key}) is {feature.Kind} there and {existing.Kind} in {thisFile}") + ": profile every shard from tables whose columns hold the same kind of values");
                    }

                    existing.Merge(feature);
                }
                else
                {
                    var copy = feature.IsNumeric ? FeatureProfile.Numeric() : FeatureProfile.Categorical();
                    copy.Merge(feature);
                    mine.Features[name] = copy;
                }
            }
        }

        FormatVersion = Math.Min(FormatVersion, other.FormatVersion);
    }

    private SliceProfile Slice(string key, Column[] features)
    {
        if (!Slices.TryGetValue(key, out var slice))
        {
            slice = new SliceProfile();
            foreach (var column in features)
            {
                slice.Features[column.Name] = column.IsNumeric ? FeatureProfile.Numeric() : FeatureProfile.Categorical();
            }

            Slices[key] = slice;
        }

        return slice;
    }

    private static void Add(FeatureProfile feature, Column column, int row)
    {
        if (column.Numbers is { } numbers)
        {
            feature.Add(numbers[row]);
        }
        else
        {
            feature.Add(column.Texts![row]);
        }
    }
}
