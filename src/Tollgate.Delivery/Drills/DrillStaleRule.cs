using System.Globalization;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;

namespace Tollgate.Delivery.Drills;

/// <summary>
/// <c>drill-stale</c>: the last successful rollback drill of a service is older than the policy's
/// <c>maxDrillAgeDays</c> (default 30), or there was none. A rollback path nobody has exercised lately is the one that
/// fails on the day it is needed. Medium by default (a warning); <c>rules: drill-stale: { severity: high }</c> blocks.
/// </summary>
public static class DrillStaleRule
{
    public const string Id = "drill-stale";

    public const double DefaultMaxAgeDays = 30;

    /// <summary>The threshold key of <c>rules: drill-stale:</c>, declared in <see cref="DeliveryRules.DrillStale"/>.</summary>
    public const string MaxAgeKey = "maxDrillAgeDays";

    public static Finding? Evaluate(string service, IReadOnlyList<Drill> drills, DateTimeOffset now, double maxAgeDays)
    {
        var last = drills.Where(d => d.Service == service && d.Ok).MaxBy(d => d.At);
        if (last is not null && (now - last.At).TotalDays <= maxAgeDays)
        {
            return null;
        }

        var age = last is null ? null : (double?)Math.Round((now - last.At).TotalDays, 1);
        var limit = maxAgeDays.ToString(CultureInfo.InvariantCulture);
        return new Finding(Id, Severity.Medium, service, last is null
            ? $"{service} has no successful rollback drill on record (policy: at most {limit} days)"
            : $"the last successful rollback drill of {service} was {age?.ToString(CultureInfo.InvariantCulture)} days ago, on {last.At:yyyy-MM-dd} (policy: at most {limit} days)")
        {
            Suggestion = $"tollgate drill run {service} --rollback-cmd … --forward-cmd …",
            Evidence = new Dictionary<string, object?> { ["lastSuccessfulDrill"] = last?.At.ToString("O", CultureInfo.InvariantCulture), ["ageDays"] = age, ["maxDrillAgeDays"] = maxAgeDays },
        };
    }
}
