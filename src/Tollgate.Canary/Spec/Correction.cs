namespace Tollgate.Canary.Spec;

/// <summary>How the family of slice × metric tests is corrected for multiple comparisons.</summary>
public enum Correction
{
    /// <summary>Holm's step-down: the family-wise error rate, under any dependence.</summary>
    Holm,

    /// <summary>Benjamini-Hochberg: the false discovery rate; more power with many slices.</summary>
    BenjaminiHochberg,
}
