namespace Tollgate.Models.Drift;

/// <summary>
/// The comparison of one feature in one slice. <see cref="PValue"/> is the test that decides (KS for numbers,
/// chi-square on the 2×K table for categories); <see cref="Effect"/> is the practical size (W1 in reference standard
/// deviations for numbers, Jensen-Shannon distance for categories). Distances are reported with their own
/// no-drift p-values, so a reader sees whether a PSI of 0.15 is noise at this sample size.
/// </summary>
public sealed record FeatureDrift(string Slice, string Feature, string Kind, long ReferenceRows, long CurrentRows)
{
    public bool TooSmall { get; init; }

    /// <summary>
    /// The reference's values missing in this slice (empty, <c>NA</c>, <c>n/a</c>, <c>-</c>…: <see cref="Tables.ColumnBuilder.IsMissingNumber(string)"/>
    /// for numbers), beside its <see cref="ReferenceRows"/> present ones.
    /// </summary>
    public long ReferenceMissing { get; init; }

    /// <summary>The current's values missing in this slice, beside its <see cref="CurrentRows"/> present ones.</summary>
    public long CurrentMissing { get; init; }

    /// <summary>The reference's missing values as a share of its values (0 when it has none).</summary>
    public double ReferenceMissingShare => Share(ReferenceMissing, ReferenceRows);

    /// <summary>The current's missing values as a share of its values (0 when it has none).</summary>
    public double CurrentMissingShare => Share(CurrentMissing, CurrentRows);

    /// <summary>
    /// The reference's slice has no rows in the current data (too small, with nothing to judge): it holds the gate
    /// unless something drifted, since a segment that vanished is a broken filter or join upstream as often as a change.
    /// </summary>
    public bool Absent { get; init; }

    /// <summary>
    /// The categories of a feature no test can compare, every one too rare (an identifier: each value seen once);
    /// 0 for a feature that was judged. Such a feature is not judged and does not hold the gate.
    /// </summary>
    public int Sparse { get; init; }

    /// <summary>Rare categories pooled into the table's last column before the test (0: none).</summary>
    public int Pooled { get; init; }

    /// <summary>The most significant rare category tested on its own (categorical features with rare categories); null: none.</summary>
    public RareFigure? Rare { get; init; }

    /// <summary>The parts of a categorical test that had several (chi-square, Fisher's test of the pool, rare ones); null: one test.</summary>
    public CategoryParts? Parts { get; init; }

    /// <summary>
    /// Compared on a profile's log-bucket grid (either side a profile: both are profiled), where every number is within
    /// 0.5% of its bucket's representative: KS, W1 and PSI are of the bucketed values, not the raw ones.
    /// </summary>
    public bool OnProfileGrid { get; init; }

    public string Test { get; init; } = "";

    public double Statistic { get; init; } = double.NaN;

    public double PValue { get; init; } = double.NaN;

    public double AdjustedPValue { get; init; } = double.NaN;

    public string EffectName { get; init; } = "";

    public double Effect { get; init; } = double.NaN;

    public double Psi { get; init; } = double.NaN;

    public double PsiPValue { get; init; } = double.NaN;

    public double JensenShannon { get; init; } = double.NaN;

    public double JensenShannonPValue { get; init; } = double.NaN;

    public double WassersteinNormalised { get; init; } = double.NaN;

    /// <summary>W1 itself, in the feature's units (numeric features): what <see cref="WassersteinNormalised"/> divides.</summary>
    public double Wasserstein { get; init; } = double.NaN;

    /// <summary>The reference's standard deviation (ddof 0, numeric features); below 0.001 W1 is divided by 0.001 (Evidently's floor).</summary>
    public double ReferenceStd { get; init; } = double.NaN;

    public int Bins { get; init; }

    public bool Drifted { get; init; }

    private static double Share(long missing, long present) => missing <= 0 ? 0 : (double)missing / (missing + present);
}

/// <summary>
/// A rare category tested on its own: its name, its counts and Fisher's p-value (times the number of categories
/// Tarone's rule tested), and whether it gave the feature's smallest part (it then stands apart in the judged table).
/// </summary>
public sealed record RareFigure(string Name, Domain.Statistics.Drift.RareCategory Test, bool Decided);
