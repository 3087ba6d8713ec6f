namespace Tollgate.Domain.Reports;

/// <summary>
/// The figures a report measured on one thing, whether or not they made a finding: a feature in a slice (PSI, the
/// deciding test's statistic and p-value, the effect size), a KPI series (its slope per day). Findings say what is
/// wrong; figures let a dashboard or an alert watch a healthy number creep towards its threshold. Values are finite
/// numbers keyed by the names the report's findings use in their evidence (<c>psi</c>, <c>statistic</c>, ...).
/// </summary>
public sealed record ReportFigure(string Address, string Slice, string Test, bool Flagged, IReadOnlyList<KeyValuePair<string, double>> Values)
{
    /// <summary>
    /// The most figures one report carries (and the ledger stores with its verdict). A gate that measured more keeps
    /// the flagged ones and the largest first and counts the rest in its summary (<c>figuresOmitted</c>).
    /// </summary>
    public const int MaxPerReport = 5000;

    /// <summary>Only the finite values of <paramref name="values"/>, in their order: a NaN (not measured) is no figure.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Finite(params ReadOnlySpan<KeyValuePair<string, double>> values)
    {
        var kept = new List<KeyValuePair<string, double>>(values.Length);
        foreach (var value in values)
        {
            if (double.IsFinite(value.Value))
            {
                kept.Add(value);
            }
        }

        return kept;
    }
}
