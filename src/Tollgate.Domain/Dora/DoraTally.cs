using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>The running sums of one service (or of all) that <see cref="DoraCalculator"/> turns into the five metrics.</summary>
internal sealed class DoraTally
{
    /// <summary>Incidents by the deploy they are linked to, and the deploy that remediated each deploy, over the history.</summary>
    public sealed record Links(
        DoraWindow Window, string? Environment, DoraDefinitions Definitions,
        Dictionary<string, List<LinkedIncident>> IncidentsByCause, Dictionary<string, Deploy> RemediatedBy);

    public int Deployments { get; private set; }

    public int Rework { get; private set; }

    public HashSet<DateOnly> Days { get; } = [];

    public List<double> Lead { get; } = [];

    public int Failed { get; private set; }

    public int Unrecovered { get; private set; }

    public List<double> Recovery { get; } = [];

    /// <summary>
    /// Deploys whose watch began and never gave a verdict (<see cref="DeployWatch.Watching"/>: it runs, or it was
    /// stopped) and that nothing else shows failed: not known good yet, so left out of the change failure rate.
    /// </summary>
    public int Unwatched { get; private set; }

    /// <summary>
    /// Deploys whose watch held (<see cref="DeployWatch.Held"/>: its deadline passed, or its queries kept failing, without
    /// a decision) and that nothing else shows failed: the watch verified nothing, so they are left out of the change
    /// failure rate as <see cref="Unwatched"/> deploys are, until a watch judges them or something shows them failed.
    /// </summary>
    public int Held { get; private set; }

    /// <summary>Failed deploys no incident is linked to, when recovery is an incident's (not sampled, as DevLake and Four Keys do).</summary>
    public int WithoutIncident { get; private set; }

    /// <summary>Counts one deploy of the window: frequency, days, rework, lead time.</summary>
    public void Add(Deploy deploy)
    {
        Deployments++;
        Rework += deploy.Intent == DeployIntent.Planned ? 0 : 1;
        Days.Add(DeployDays.DayOf(deploy.FinishedAt!.Value));
        foreach (var ticks in DeployDays.LeadTicks(deploy))
        {
            Lead.Add(TimeSpan.FromTicks(ticks).TotalHours);
        }
    }

    /// <summary>Counts one deploy day of the window, as <see cref="Add(Deploy)"/> would count its deploys one by one.</summary>
    public void Add(DeployDay day)
    {
        Deployments += day.Deploys;
        Rework += day.Rework;
        Days.Add(day.Day);
        Lead.EnsureCapacity(Lead.Count + day.LeadTicks.Length);
        foreach (var ticks in day.LeadTicks)
        {
            Lead.Add(TimeSpan.FromTicks(ticks).TotalHours);
        }
    }

    /// <summary>
    /// Counts a deploy of the window as failed when it failed, an incident is linked to it, or a later deploy remediates
    /// it (a held or unwatched deploy that the next deploy rolled back included); else, when its watch never gave a
    /// verdict, as <see cref="Unwatched"/>, or when it held, as <see cref="Held"/> (neither good nor failed).
    /// </summary>
    public void AddIfFailed(Deploy deploy, Links links)
    {
        var definitions = links.Definitions;
        if (definitions.ExcludeRemediationFromFailureRate && deploy.Intent != DeployIntent.Planned)
        {
            return;
        }

        links.IncidentsByCause.TryGetValue(deploy.Id, out var caused);
        links.RemediatedBy.TryGetValue(deploy.Id, out var undoneBy);
        if (deploy.Result != DeployResult.Failed && caused is null && undoneBy is null)
        {
            Unwatched += deploy.Watch == DeployWatch.Watching ? 1 : 0;
            Held += deploy.Watch == DeployWatch.Held ? 1 : 0;
            return;
        }

        Failed++;
        if (definitions.Recovery != RecoveryClock.DeployToRemediation && caused is null)
        {
            // An incident-based recovery measures incidents: a failure without one (a rollback nobody raised an incident
            // for) has no span to sample. Timing it by its remediation instead mixed two clocks in one median (and Four
            // Keys' whole hours made a 30-minute rollback a recovery of 0 h).
            WithoutIncident++;
            return;
        }

        var samples = RecoverySamples(deploy, caused ?? [], undoneBy, definitions.Recovery);
        if (samples.Count == 0)
        {
            Unrecovered++;
        }

        Recovery.AddRange(samples.Select(minutes => definitions.RecoveryWholeHours ? Math.Floor(minutes / 60) * 60 : minutes));
    }

    private static List<double> RecoverySamples(Deploy failed, List<LinkedIncident> caused, Deploy? undoneBy, RecoveryClock clock)
    {
        var finished = failed.FinishedAt!.Value;
        var samples = new List<double>();
        if (clock == RecoveryClock.DeployToRemediation)
        {
            var remediation = caused.Select(c => c.Remediation).Append(undoneBy)
                .Where(r => r?.FinishedAt is not null)
                .MinBy(r => r!.FinishedAt);
            if (remediation is not null)
            {
                samples.Add((remediation.FinishedAt!.Value - finished).TotalMinutes);
            }

            return samples;
        }

        foreach (var link in caused)
        {
            if (link.Incident.ResolvedAt is { } resolved)
            {
                var start = clock == RecoveryClock.IncidentDuration ? link.Incident.DetectedAt : finished;
                samples.Add(Math.Max(0, (resolved - start).TotalMinutes));
            }
        }

        return samples;
    }
}
