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
}

/// <summary>
/// A rare category tested on its own: its name, its counts and Fisher's p-value (times the number of categories
/// Tarone's rule tested), and whether it gave the feature's smallest part (it then stands apart in the judged table).
/// </summary>
public sealed record RareFigure(string Name, Domain.Statistics.Drift.RareCategory Test, bool Decided);
