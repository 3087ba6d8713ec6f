namespace Tollgate.Domain.Dora;

/// <summary>The five metrics of one service (or of all services, <see cref="Service"/> <c>*</c>) over one window.</summary>
public sealed record ServiceDora
{
    public required string Service { get; init; }

    public int Deployments { get; init; }

    public double DeploymentsPerDay { get; init; }

    public int DeploymentDays { get; init; }

    /// <summary>Median number of days with a deploy per ISO week of the window.</summary>
    public double? DeploymentDaysPerWeek { get; init; }

    public required QuantileSummary LeadTimeHours { get; init; }

    public int FailedDeployments { get; init; }

    public double? ChangeFailureRate { get; init; }

    /// <summary>
    /// Deploys left out of <see cref="ChangeFailureRate"/> because their watch never gave a verdict (still watching,
    /// or stopped with Tollgate) and nothing else shows them failed; they count in <see cref="Deployments"/> and lead time.
    /// </summary>
    public int Unwatched { get; init; }

    /// <summary>
    /// Deploys left out of <see cref="ChangeFailureRate"/> because their watch held (its deadline passed without a
    /// decision: not verified) and nothing else shows them failed; they count in <see cref="Deployments"/> and lead time.
    /// </summary>
    public int Held { get; init; }

    public required QuantileSummary RecoveryMinutes { get; init; }

    /// <summary>Failed deploys with no remediation (or resolution) recorded yet.</summary>
    public int Unrecovered { get; init; }

    /// <summary>
    /// Failed deploys no incident is linked to, left out of an incident-based recovery time (<see cref="RecoveryClock.DeployToResolved"/>,
    /// <see cref="RecoveryClock.IncidentDuration"/>) as DevLake and Four Keys leave them out; 0 when recovery is to remediation.
    /// </summary>
    public int WithoutIncident { get; init; }

    public int ReworkDeployments { get; init; }

    public double? DeploymentReworkRate { get; init; }

    public required IReadOnlyList<KeyValuePair<DoraMetric, DoraLevel?>> Levels { get; init; }

    /// <summary>The metric with the lowest level (the pipeline's weakest link), null when none has a level.</summary>
    public DoraMetric? Weakest { get; init; }
}
