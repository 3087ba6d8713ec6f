namespace Tollgate.Domain.Dora;

/// <summary>The five DORA metrics (https://dora.dev/guides/dora-metrics/).</summary>
public enum DoraMetric
{
    DeploymentFrequency,
    LeadTimeForChanges,
    ChangeFailureRate,
    FailedDeploymentRecoveryTime,
    DeploymentReworkRate,
}
