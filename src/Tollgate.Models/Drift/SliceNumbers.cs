using Tollgate.Models.Profiles;

namespace Tollgate.Models.Drift;

/// <summary>
/// The rule both table readers number slices by (<see cref="SliceRows"/>, <see cref="StreamedSlices"/>): <c>(all)</c>
/// is 0, then each slice name in order of first sight; rows are looked up by their slice columns' values, and values
/// whose names read the same share a slice, as they would by name. Not safe for concurrent use.
/// </summary>
internal sealed class SliceNumbers<TValues>
    where TValues : notnull
{
    private readonly Dictionary<TValues, int> byValues = [];
    private readonly Dictionary<string, int> byName = new(StringComparer.Ordinal) { [DatasetProfile.AllRows] = 0 };
    private readonly List<string> names = [DatasetProfile.AllRows];

    /// <summary>Slice names, <c>(all)</c> first.</summary>
    public List<string> Names => names;

    /// <summary>
    /// The slice of a row with these values; <paramref name="name"/> is asked (with <paramref name="state"/>, so that no
    /// closure is made per row) only for values not seen before.
    /// </summary>
    public int Of<TState>(TValues values, TState state, Func<TState, string> name)
    {
        if (!byValues.TryGetValue(values, out var slice))
        {
            byValues[values] = slice = Named(name(state));
        }

        return slice;
    }

    /// <summary>The slice of this name (numbered next when new).</summary>
    public int Named(string name)
    {
        if (!byName.TryGetValue(name, out var slice))
        {
            byName[name] = slice = names.Count;
            names.Add(name);
        }

        return slice;
    }
}
