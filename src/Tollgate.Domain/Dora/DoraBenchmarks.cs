namespace Tollgate.Domain.Dora;

/// <summary>
/// Performance levels by report year, kept as data. Clusters come from cluster analysis of survey answers and change
/// every year, non-monotonically (2024: change failure rate High 20 % but Medium 10 %). Sources:
/// https://dora.dev/research/2023/dora-report/ and https://dora.dev/research/2024/dora-report/. Units: deploys per
/// day, lead time in hours, change failure rate 0..1, recovery in minutes. Deployment rework rate has no published
/// clusters, so it gets no level.
/// </summary>
public static class DoraBenchmarks
{
    private const double Day = 24, Week = 7 * Day, Month = 30 * Day;

    public static IReadOnlyList<DoraBenchmark> All { get; } =
    [
        .. Year(2023, frequency: [1, 1.0 / 7, 1.0 / 30, 1.0 / 30], leadHours: [Day, Week, Month, Month],
            failure: [0.05, 0.10, 0.15, 0.64], recoveryMinutes: [60, Day * 60, Week * 60, 6 * Month * 60]),
        .. Year(2024, frequency: [1, 1.0 / 7, 1.0 / 30, 1.0 / 182], leadHours: [Day, Week, Month, 6 * Month],
            failure: [0.05, 0.20, 0.10, 0.40], recoveryMinutes: [60, Day * 60, Day * 60, Month * 60]),
    ];

    public static IReadOnlyList<int> Years { get; } = All.Select(b => b.Year).Distinct().Order().ToList();

    public static IReadOnlyList<DoraBenchmark> For(int year, DoraMetric metric)
    {
        var rows = All.Where(b => b.Year == year && b.Metric == metric).ToList();
        if (rows.Count == 0 && !Years.Contains(year))
        {
            throw new InvalidInputException($"no DORA performance levels for report year {year}: known are {string.Join(", ", Years)}");
        }

        return rows;
    }

    /// <summary>Elite, High, Medium, Low values of each metric for one report.</summary>
    private static IEnumerable<DoraBenchmark> Year(int year, double[] frequency, double[] leadHours, double[] failure, double[] recoveryMinutes)
    {
        DoraLevel[] levels = [DoraLevel.Elite, DoraLevel.High, DoraLevel.Medium, DoraLevel.Low];
        for (var i = 0; i < levels.Length; i++)
        {
            yield return new(year, DoraMetric.DeploymentFrequency, levels[i], BenchmarkKind.AtLeast, frequency[i]);
            yield return new(year, DoraMetric.LeadTimeForChanges, levels[i], BenchmarkKind.Below, leadHours[i]);
            yield return new(year, DoraMetric.ChangeFailureRate, levels[i], BenchmarkKind.Typical, failure[i]);
            yield return new(year, DoraMetric.FailedDeploymentRecoveryTime, levels[i], BenchmarkKind.Below, recoveryMinutes[i]);
        }
    }
}
