namespace Tollgate.Domain.Dora;

/// <summary>
/// The choices that change DORA numbers (reference: cicd.md §1.6), stated in every output and switchable.
/// <see cref="Recommended"/> is the default; <see cref="DevLake"/> and <see cref="FourKeys"/> reproduce those tools.
/// </summary>
public sealed record DoraDefinitions
{
    public static DoraDefinitions Recommended { get; } = new();

    /// <summary>Apache DevLake's DORA plugin: lower median, recovery from deploy to incident resolution.</summary>
    public static DoraDefinitions DevLake { get; } = new() { Name = "devlake", Median = MedianKind.Lower, Recovery = RecoveryClock.DeployToResolved };

    /// <summary>Google Four Keys: interpolated median, recovery to resolution truncated to whole hours.</summary>
    public static DoraDefinitions FourKeys { get; } = new() { Name = "fourkeys", Recovery = RecoveryClock.DeployToResolved, RecoveryWholeHours = true };

    public string Name { get; init; } = "recommended";

    public MedianKind Median { get; init; } = MedianKind.Interpolated;

    public RecoveryClock Recovery { get; init; } = RecoveryClock.DeployToRemediation;

    /// <summary>Truncate each recovery sample to whole hours before taking the median (Four Keys).</summary>
    public bool RecoveryWholeHours { get; init; }

    /// <summary>Leave hotfix and rollback deploys out of the change failure rate's denominator.</summary>
    public bool ExcludeRemediationFromFailureRate { get; init; }

    /// <summary>How far back from its detection an incident is blamed on the nearest prior deploy when nothing links it.</summary>
    public TimeSpan IncidentLinkWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The DORA report whose performance levels are used.</summary>
    public int ReportYear { get; init; } = 2024;

    public static DoraDefinitions Preset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "recommended" or "dora" => Recommended,
        "devlake" => DevLake,
        "fourkeys" or "four-keys" => FourKeys,
        _ => throw new InvalidInputException($"unknown DORA definitions '{name}': expected recommended, devlake or fourkeys"),
    };

    /// <summary>The definitions in words, one per metric, as outputs state them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Describe() =>
    [
        new("preset", Name),
        new("median", Median switch
        {
            MedianKind.Lower => "lower median (largest value with percent rank <= 0.5, no interpolation)",
            MedianKind.Mean => "mean",
            _ => "interpolated median (percentile_cont)",
        }),
        new("deployment", "a finished deploy to the environment in the window (success or failed); rollbacks and hotfixes count"),
        new("leadTime", "deploy finished - commit time, per change at its first deploy that ships it (a success, or a success marked failed later; not a rollback); non-positive spans dropped"),
        new("failure", "a deploy that failed (its command or its watch window), that an incident is linked to, or that a later deploy remediates (a successful deploy whose next deploy is a successful rollback included: it undid it)"),
        new("changeFailureRateDenominator", (ExcludeRemediationFromFailureRate ? "planned deploys only (hotfix and rollback excluded)" : "all deploys")
            + ", less those whose watch never gave a verdict (still watching, or stopped) or held, and not otherwise failed"),
        new("incidentLink", $"CAUSED_BY link, else artifactId, else nearest prior deploy of the service and environment within {IncidentLinkWindow.TotalHours:0.##} h"),
        new("remediation", "first later successful deploy of the service and environment with intent hotfix or rollback"),
        new("recovery", (Recovery switch
        {
            RecoveryClock.DeployToResolved => "failed deploy finished -> incident resolved, per linked incident; failed deploys with no incident are not sampled",
            RecoveryClock.IncidentDuration => "incident detected -> incident resolved, per linked incident; failed deploys with no incident are not sampled",
            _ => "failed deploy finished -> remediating deploy finished",
        }) + (RecoveryWholeHours ? ", truncated to whole hours" : "")),
        new("rework", "deploys with intent hotfix or rollback / all deploys"),
        new("levels", $"DORA {ReportYear} report"),
    ];
}
