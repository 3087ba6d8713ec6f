using System.Globalization;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Drills;

/// <summary>
/// A <c>drill-stale</c> finding whose review was approved before the deploy ran: kept in the deploy's own report,
/// suppressed by the approvals it shipped on (who, when, why, and the digest approved), so the report shows the deploy
/// went out on a stale drill and on whose word, instead of no sign of the drill at all. Suppressed, it asks no review again.
/// </summary>
public static class ApprovedStaleDrill
{
    public static IReadOnlyList<Finding> Of(IReadOnlyList<Finding> drill, IReadOnlyList<Approval> approvals)
    {
        if (approvals.Count == 0)
        {
            return drill;
        }

        var reason = "deployed on an approved stale drill: " + string.Join("; ", approvals.Select(a =>
            string.Create(CultureInfo.InvariantCulture, $"approved by {a.By} at {a.At:yyyy-MM-dd HH:mm}Z ({a.Reason}), review {a.Digest}")));
        return [.. drill.Select(f => f with
        {
            Suppression = f.Suppression ?? new Suppression("external", reason),
            Evidence = new Dictionary<string, object?>(f.Evidence)
            {
                ["approvedBy"] = approvals.Select(a => a.By).ToList(),
                ["approvedDigest"] = approvals[0].Digest,
            },
        })];
    }
}
