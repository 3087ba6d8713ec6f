using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>
/// <c>tollgate model drift</c>: reference (one table, or profiles to merge) against current. Drift is called when the
/// Holm-adjusted p-value is below <see cref="Alpha"/> and the effect reaches <see cref="MinEffect"/>: significance
/// alone fires on irrelevant shifts of huge windows, distance alone fires on noise in small ones.
/// </summary>
public sealed record DriftRequest(IReadOnlyList<string> Reference, string Current)
{
    /// <summary>
    /// <see cref="Current"/> as the command was given it (relative to where it ran): the report's subject, as a plan's
    /// path is, so a CI job's checkout directory does not make every run a new subject. Null: <see cref="Current"/>.
    /// </summary>
    public string? Shown { get; init; }

    /// <summary>
    /// <see cref="Reference"/> as the command was given it, one per file: how a missing one is named (<c>--reference
    /// train.csv does not exist</c>). Null, or a count unlike <see cref="Reference"/>'s: the full paths.
    /// </summary>
    public IReadOnlyList<string>? ShownReference { get; init; }

    public IReadOnlyList<string> SliceBy { get; init; } = [];

    /// <summary>Columns of the reference that are no features (a request id, a timestamp, a label): never compared.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The only columns to compare, when given (<c>--features</c>); null: every column that is no slice and not excluded.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Whether column <paramref name="name"/> is a feature to compare: chosen (when features are named), neither a slice column nor excluded.</summary>
    public bool Compared(string name) => (Features is null || Features.Contains(name)) && !SliceBy.Contains(name) && !Exclude.Contains(name);

    /// <summary>Training vs serving (rule <c>skew</c>) instead of reference vs current window (rule <c>drift</c>).</summary>
    public bool Skew { get; init; }

    public double Alpha { get; init; } = 0.05;

    public double MinEffect { get; init; } = 0.1;

    /// <summary>Fewer present values than this in a current (or reference) window: too small to judge, <c>hold</c>.</summary>
    public int MinRows { get; init; } = 100;

    public int Bins { get; init; } = 10;

    public KsMethod KsMethod { get; init; } = KsMethod.Auto;

    /// <summary>
    /// Bytes that the values kept from two CSV files (columns with few ties) may take in one round of reading them;
    /// null: half of what the process may use (<see cref="KeepBudget.Default"/>).
    /// </summary>
    internal long? KeepBudget { get; init; }

    /// <summary>
    /// The longest batch a CSV column's tally gathers values in before counting them; null: as the memory budget
    /// allows (<see cref="Drift.KeepBudget.Batch"/>). The report is the same whatever it is.
    /// </summary>
    internal int? TallyBatch { get; init; }

    /// <summary>
    /// The bytes of a CSV file each parsing thread takes at a time; null: as the memory budget allows
    /// (<see cref="Drift.KeepBudget.BlockSize"/>). The report is the same whatever it is.
    /// </summary>
    internal int? BlockSize { get; init; }

    /// <summary>Filled with where a table comparison's time went, when given (<c>--timings</c>).</summary>
    public DriftTimings? Timings { get; init; }
}
