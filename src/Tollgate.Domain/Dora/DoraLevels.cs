namespace Tollgate.Domain.Dora;

/// <summary>Places a measured value in a report year's clusters.</summary>
public static class DoraLevels
{
    /// <summary>
    /// The level of <paramref name="value"/>: the best level whose bound it meets (levels checked Elite first), Low
    /// when it meets none; for <see cref="BenchmarkKind.Typical"/> values the cluster whose typical value is nearest.
    /// Null when there is no value or no published level.
    /// </summary>
    public static DoraLevel? Assess(int year, DoraMetric metric, double? value)
    {
        var rows = DoraBenchmarks.For(year, metric);
        if (value is not { } v || rows.Count == 0)
        {
            return null;
        }

        if (rows[0].Kind == BenchmarkKind.Typical)
        {
            return rows.MinBy(r => (Math.Abs(r.Value - v), -(int)r.Level))!.Level;
        }

        foreach (var row in rows.OrderByDescending(r => r.Level))
        {
            var meets = row.Kind == BenchmarkKind.AtLeast ? v >= row.Value : v < row.Value;
            if (meets)
            {
                return row.Level;
            }
        }

        return DoraLevel.Low;
    }

    public static string WireName(this DoraLevel level) => level switch
    {
        DoraLevel.Elite => "elite",
        DoraLevel.High => "high",
        DoraLevel.Medium => "medium",
        _ => "low",
    };

    public static string WireName(this DoraMetric metric) => metric switch
    {
        DoraMetric.DeploymentFrequency => "deploymentFrequency",
        DoraMetric.LeadTimeForChanges => "leadTimeForChanges",
        DoraMetric.ChangeFailureRate => "changeFailureRate",
        DoraMetric.FailedDeploymentRecoveryTime => "failedDeploymentRecoveryTime",
        _ => "deploymentReworkRate",
    };
}
