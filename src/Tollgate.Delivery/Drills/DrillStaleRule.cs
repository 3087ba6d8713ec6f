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

        var age = last is null ? null : (double?)ShownAge((now - last.At).TotalDays, maxAgeDays);
        var limit = maxAgeDays.ToString(CultureInfo.InvariantCulture);
        return new Finding(Id, Severity.Medium, service, last is null
            ? $"{service} has no successful rollback drill on record (policy: at most {limit} days)"
            : $"the last successful rollback drill of {service} was {age?.ToString(CultureInfo.InvariantCulture)} days ago, on {last.At:yyyy-MM-dd} (policy: at most {limit} days)")
        {
            Suggestion = $"tollgate drill run {service} --rollback-cmd … --forward-cmd …",
            Evidence = new Dictionary<string, object?> { ["lastSuccessfulDrill"] = last?.At.ToString("O", CultureInfo.InvariantCulture), ["ageDays"] = age, ["maxDrillAgeDays"] = maxAgeDays },
        };
    }

    /// <summary>
    /// A drill's age in days as people read it: one decimal, or as many more (up to 8) as it takes to show which side of
    /// <paramref name="maxAgeDays"/> it is on. A drill 30 days and 1 minute old read "30 days ago … (policy: at most 30
    /// days)", which looks within the policy; it reads 30.001. One at 29.9993 days reads 29.999, not 30.
    /// </summary>
    public static double ShownAge(double ageDays, double maxAgeDays)
    {
        var side = ageDays.CompareTo(maxAgeDays);
        for (var digits = 1; digits <= 8; digits++)
        {
            var shown = Math.Round(ageDays, digits);
            if (shown.CompareTo(maxAgeDays) == side)
            {
                return shown;
            }
        }

        return ageDays; // within a millisecond of the bound: every digit it has
    }
}
