using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Reports;

/// <summary>
/// Which findings a report that lists at most so many shows: those that decide its verdict first (what fails a
/// <c>fail</c>, what lacks approvals in a <c>review</c>: <see cref="Report.Blocking"/>), then the others in the report's
/// order (most severe first), in the report's order. A <c>fail</c> decided by one check among 200,000 destroys lists
/// that check, not only the 200 most severe destroys.
/// </summary>
public static class DecidingFirst
{
    /// <summary>The findings that decide the verdict, in the report's order: none for <c>pass</c> or <c>hold</c>.</summary>
    public static IReadOnlyList<Finding> Deciding(Report report) => report.Verdict switch
    {
        // A fail is decided by what fails, not by the reviews that also lack approvals.
        Verdict.Fail => [.. report.Findings.Where(f => report.Blocking.Contains(f) && !report.ReviewRules.Contains(f.Rule))],
        Verdict.Review => [.. report.Findings.Where(report.Blocking.Contains)],
        _ => [],
    };

    /// <summary>At most <paramref name="max"/> findings: the deciding ones first, then the others, shown in the report's order.</summary>
    public static Listing Select(Report report, int max)
    {
        if (report.Findings.Count <= max)
        {
            return new Listing(report.Findings, 0, 0, ReportOrder: true);
        }

        var deciding = Deciding(report);
        var pinned = new HashSet<Finding>(deciding.Take(max), ReferenceEqualityComparer.Instance);
        var room = max - pinned.Count;
        var listed = new List<Finding>(max);
        foreach (var finding in report.Findings)
        {
            if (pinned.Contains(finding))
            {
                listed.Add(finding);
            }
            else if (room > 0)
            {
                listed.Add(finding);
                room--;
            }
        }

        var reportOrder = listed.Select((f, i) => ReferenceEquals(f, report.Findings[i])).All(same => same);
        return new Listing(listed, deciding.Count, pinned.Count, reportOrder);
    }

    /// <param name="Listed">The findings to list, in the report's order.</param>
    /// <param name="Deciding">How many findings decide the verdict (0 when the report is not cut).</param>
    /// <param name="DecidingListed">How many of them are listed.</param>
    /// <param name="ReportOrder">True when the listed are simply the report's first (its most severe).</param>
    public sealed record Listing(IReadOnlyList<Finding> Listed, int Deciding, int DecidingListed, bool ReportOrder);
}
