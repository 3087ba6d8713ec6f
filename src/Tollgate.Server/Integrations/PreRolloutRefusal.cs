using Tollgate.Domain.Reports;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Why a pre-rollout check refuses the rollout. A check that judged and recorded (the manifest lint) gives its
/// <see cref="Report"/>, which the hook answers as is; one that could not (Prometheus not ready) gives the reason alone.
/// </summary>
public sealed record PreRolloutRefusal(string Reason)
{
    public Report? Report { get; init; }
}
