using System.Globalization;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Reports;

/// <summary>
/// Which findings a SARIF run lists, and in what order. GitHub code scanning rejects a SARIF file with more than
/// 25,000 results in a run, and of those it shows the top 5,000 by severity
/// (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning#file-compatibility):
/// a run over <see cref="MaxResults"/> keeps the findings that decide the verdict first (<see cref="DecidingFirst.Deciding"/>,
/// as many as fit), then the most severe of the others, in the report's order within a severity; it lists them most
/// severe first, in the report's order within a severity, and the run's notifications say how many were left out.
/// A check that fails a plan of 200,000 destroys (both high) is listed. One pass per severity, so a plan of 200,000
/// deletes costs no more than listing them.
/// </summary>
public static class SarifResultLimit
{
    /// <summary>The most results code scanning accepts in one run.</summary>
    public const int MaxResults = 25_000;

    /// <summary>
    /// The indices of the findings to list, at most <paramref name="max"/>: those that decide the verdict first, then
    /// the most severe; listed most severe first, then in the report's order.
    /// </summary>
    public static Selection Select(Report report, int max = MaxResults)
    {
        var findings = report.Findings;
        var deciding = findings.Count > max ? DecidingFirst.Deciding(report) : [];
        var pinned = new HashSet<Finding>(deciding.Take(max), ReferenceEqualityComparer.Instance);
        var keep = new bool[findings.Count];
        for (var i = 0; i < findings.Count; i++)
        {
            keep[i] = pinned.Contains(findings[i]);
        }

        var room = max - pinned.Count;
        for (var severity = Severity.Critical; severity >= Severity.Info && room > 0; severity--)
        {
            for (var i = 0; i < findings.Count && room > 0; i++)
            {
                if (!keep[i] && findings[i].Severity == severity)
                {
                    keep[i] = true;
                    room--;
                }
            }
        }

        var kept = new List<int>(max);
        for (var severity = Severity.Critical; severity >= Severity.Info; severity--)
        {
            for (var i = 0; i < findings.Count; i++)
            {
                if (keep[i] && findings[i].Severity == severity)
                {
                    kept.Add(i);
                }
            }
        }

        return new Selection(kept, deciding.Count, pinned.Count);
    }

    /// <summary>The run's notification about <paramref name="leftOut"/> findings not listed, and which were kept.</summary>
    public static string LeftOut(int leftOut, Selection selection)
    {
        var kept = selection.Deciding switch
        {
            0 => "the most severe are kept",
            1 => "the 1 that decides the verdict is kept, then the most severe",
            var m when selection.DecidingKept == m => $"the {N(m)} that decide the verdict are kept, then the most severe",
            var m => $"the first {N(selection.DecidingKept)} of the {N(m)} that decide the verdict are kept",
        };
        return $"{N(leftOut)} results left out ({kept}): code scanning accepts {N(MaxResults)} a run; the JSON report has all of them";
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <param name="Kept">The indices of the findings to list, in the order to list them.</param>
    /// <param name="Deciding">How many findings decide the verdict (0 when nothing is left out).</param>
    /// <param name="DecidingKept">How many of them are listed.</param>
    public sealed record Selection(List<int> Kept, int Deciding, int DecidingKept);
}
