namespace Tollgate.Domain.Statistics.Drift;

/// <summary>How the two-sample Kolmogorov-Smirnov p-value is computed (the two can disagree near 0.05; say which).</summary>
public enum KsMethod
{
    /// <summary>Exact when both samples have at most 10,000 values (SciPy's rule), else asymptotic.</summary>
    Auto,

    /// <summary>The exact null distribution of D by counting lattice paths (no ties assumed).</summary>
    Exact,

    /// <summary>The one-sample Kolmogorov distribution at n = round(n·m/(n+m)), as SciPy's <c>ks_2samp</c> asymptotic mode.</summary>
    Asymptotic,
}
