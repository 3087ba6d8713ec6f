namespace Tollgate.Domain.Dora;

/// <summary>Where failed deployment recovery time starts and stops.</summary>
public enum RecoveryClock
{
    /// <summary>Failed deploy finished → the deploy that remediated it finished (hotfix or rollback).</summary>
    DeployToRemediation,

    /// <summary>Failed deploy finished → its incident resolved (Apache DevLake, Four Keys).</summary>
    DeployToResolved,

    /// <summary>Incident detected → incident resolved (incident tools, GitLab).</summary>
    IncidentDuration,
}
