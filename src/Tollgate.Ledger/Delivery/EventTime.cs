using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>When a delivery event happened, as the events table records it.</summary>
internal static class EventTime
{
    public static DateTimeOffset Of(DeliveryEvent e) => e switch
    {
        DeployEvent d => d.Deploy.FinishedAt ?? d.Deploy.StartedAt,
        DeployStatusEvent s => s.At,
        DeployWatchEvent w => w.At,
        IncidentEvent i => i.Incident.DetectedAt,
        IncidentResolvedEvent r => r.At,
        ChangeEvent c => c.Change.CommittedAt ?? DateTimeOffset.UnixEpoch,
        _ => DateTimeOffset.UnixEpoch,
    };
}
