using System.Globalization;
using Tollgate.Domain.Findings;

namespace Tollgate.Reports;

/// <summary>
/// Which findings a SARIF run lists, and in what order. GitHub code scanning rejects a SARIF file with more than
/// 25,000 results in a run, and of those it shows the top 5,000 by severity
/// (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning#file-compatibility):
/// a run lists the findings most severe first, in the report's order within a severity, and stops at
/// <see cref="MaxResults"/>; the run's notifications say how many were left out. One pass per severity, so a plan
/// of 200,000 deletes costs no more than listing them.
/// </summary>
public static class SarifResultLimit
{
    /// <summary>The most results code scanning accepts in one run.</summary>
    public const int MaxResults = 25_000;

    /// <summary>The indices of the findings to list, most severe first, then in the report's order; at most <paramref name="max"/>.</summary>
    public static List<int> Select(IReadOnlyList<Finding> findings, int max = MaxResults)
    {
        var kept = new List<int>(Math.Min(findings.Count, max));
        for (var severity = Severity.Critical; severity >= Severity.Info && kept.Count < max; severity--)
        {
            for (var i = 0; i < findings.Count && kept.Count < max; i++)
            {
                if (findings[i].Severity == severity)
                {
                    kept.Add(i);
                }
            }
        }

        return kept;
    }

    /// <summary>The run's notification about <paramref name="leftOut"/> findings not listed.</summary>
    public static string LeftOut(int leftOut) =>
        $"{leftOut.ToString("N0", CultureInfo.InvariantCulture)} results of lower severity left out: code scanning accepts " +
        $"{MaxResults.ToString("N0", CultureInfo.InvariantCulture)} a run; the JSON report has all of them";
}
