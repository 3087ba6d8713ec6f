using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>
/// Refuses an event dated in the future (more than <see cref="ClockSkew.Allowance"/> ahead of the clock), as
/// <c>deploy start --at</c> does: its start, finish, detection, resolution or commit time. Read without a clock, such an
/// event would be recorded as the newest deploy of its service (one no <c>deploy finish</c> could close, a deploy day
/// ahead in DORA), so the whole file is refused, naming the line.
/// </summary>
internal static class EventTimes
{
    /// <summary>Checks the events from <paramref name="first"/> on, all read from <paramref name="where"/>.</summary>
    /// <exception cref="InvalidInputException">One of them records a time ahead of the clock.</exception>
    public static void Check(List<DeliveryEvent> events, int first, DateTimeOffset now, string where)
    {
        for (var i = first; i < events.Count; i++)
        {
            if (Ahead(events[i], now) is { } ahead)
            {
                throw new InvalidInputException(
                    $"{where}: {ahead.What} {Rfc3339.Format(ahead.At)} is in the future (now is {Rfc3339.Format(now)}, {ClockSkew.Allowance.TotalMinutes:0} minutes of clock skew allowed): events record what already happened");
            }
        }
    }

    private static (string What, DateTimeOffset At)? Ahead(DeliveryEvent e, DateTimeOffset now)
    {
        switch (e)
        {
            case DeployEvent { Deploy: var deploy }:
                if (ClockSkew.IsAhead(deploy.StartedAt, now) || (deploy.FinishedAt is { } finished && ClockSkew.IsAhead(finished, now)))
                {
                    return ("the event time", deploy.FinishedAt is { } end && end > deploy.StartedAt ? end : deploy.StartedAt);
                }

                return Commits(deploy.Changes, now);
            case IncidentEvent { Incident: var incident }:
                return ClockSkew.IsAhead(incident.DetectedAt, now) ? ("the event time", incident.DetectedAt) : null;
            case IncidentResolvedEvent resolved:
                return ClockSkew.IsAhead(resolved.At, now) ? ("the event time", resolved.At) : null;
            case DeployStatusEvent status:
                return ClockSkew.IsAhead(status.At, now) ? ("the event time", status.At) : null;
            case ChangeEvent change:
                return Commits([change.Change], now);
            default:
                return null;
        }
    }

    private static (string What, DateTimeOffset At)? Commits(IReadOnlyList<Change> changes, DateTimeOffset now)
    {
        foreach (var change in changes)
        {
            if (change.CommittedAt is { } at && ClockSkew.IsAhead(at, now))
            {
                return ($"the commit time of {change.Id}", at);
            }
        }

        return null;
    }
}
