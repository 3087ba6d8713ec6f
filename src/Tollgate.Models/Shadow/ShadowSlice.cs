namespace Tollgate.Models.Shadow;

/// <summary>One slice of a shadow comparison: paired requests, agreement, prediction shift and, where labelled, the accuracy delta.</summary>
public sealed record ShadowSlice(string Slice, int Pairs, int Agreeing)
{
    public double Agreement => Pairs == 0 ? double.NaN : Agreeing / (double)Pairs;

    /// <summary>Upper confidence bound of the agreement (exact Clopper–Pearson, one-sided at the slice's level).</summary>
    public double AgreementUpper { get; init; } = double.NaN;

    public double ShiftPValue { get; init; } = double.NaN;

    /// <summary>W1 between the two models' scores in units of the live scores' σ (NaN for class predictions).</summary>
    public double Shift { get; init; } = double.NaN;

    public int Labelled { get; init; }

    /// <summary>Candidate accuracy minus live accuracy on the same labelled requests, with its confidence interval.</summary>
    public double AccuracyDelta { get; init; } = double.NaN;

    public double AccuracyLow { get; init; } = double.NaN;

    public double AccuracyHigh { get; init; } = double.NaN;
}
