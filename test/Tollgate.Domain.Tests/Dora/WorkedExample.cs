using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Tests.Dora;

/// <summary>The worked example of the reference (cicd.md §1.7): one service, 14 days, seven deploys, two incidents.</summary>
internal static class WorkedExample
{
    public static readonly DateTimeOffset From = At("03-04 00:00");
    public static readonly DateTimeOffset To = At("03-18 00:00");

    public static DateTimeOffset At(string monthDayTime) =>
        DateTimeOffset.Parse($"2024-{monthDayTime.Replace(' ', 'T')}:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static Deploy Deploy(string id, string at, string version, DeployIntent intent, params (string Id, string At)[] changes) =>
        new(id, "checkout", "production", version, intent, At(at))
        {
            FinishedAt = At(at),
            Result = DeployResult.Success,
            Changes = changes.Select(c => new Change(c.Id, At(c.At))).ToList(),
        };

    public static List<Deploy> Deploys() =>
    [
        Deploy("D1", "03-04 17:00", "v1", DeployIntent.Planned, ("c1", "03-04 09:00"), ("c2", "03-04 15:00")),
        Deploy("D2", "03-06 11:00", "v2", DeployIntent.Planned, ("c3", "03-05 10:00"), ("c4", "03-06 08:00")),
        Deploy("D3", "03-07 14:00", "v3", DeployIntent.Planned, ("c5", "03-07 12:00")),
        Deploy("D4", "03-07 17:00", "v4", DeployIntent.Hotfix, ("c6", "03-07 16:00")),
        Deploy("D5", "03-11 10:00", "v5", DeployIntent.Planned, ("c7", "03-11 09:00")),
        Deploy("D6", "03-12 16:00", "v6", DeployIntent.Planned, ("c8", "03-12 14:00")),
        Deploy("D7", "03-12 16:50", "v5", DeployIntent.Rollback),
    ];

    public static List<Incident> Incidents() =>
    [
        new("I1", "checkout", "production", At("03-07 14:30")) { ResolvedAt = At("03-07 17:30"), CausedBy = "D3" },
        new("I2", "checkout", "production", At("03-12 16:20")) { ResolvedAt = At("03-12 16:55"), CausedBy = "D6" },
    ];
}
