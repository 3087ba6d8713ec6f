using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>
/// Computes DORA's five metrics (https://dora.dev/guides/dora-metrics/) from recorded deploys and incidents, per
/// service and overall, with the choices of <see cref="DoraDefinitions"/>. Pure: the caller reads the ledger.
/// </summary>
public static class DoraCalculator
{
    /// <param name="deploys">The history of the services of interest (earlier deploys too: incidents link across the window edge).</param>
    /// <param name="environment">Only deploys to this environment count; null counts every environment.</param>
    public static DoraResult Compute(
        IReadOnlyList<Deploy> deploys, IReadOnlyList<Incident> incidents, DoraWindow window, string? environment, DoraDefinitions definitions)
    {
        var linker = new IncidentLinker(deploys, definitions.IncidentLinkWindow);
        var incidentsByCause = new Dictionary<string, List<LinkedIncident>>(StringComparer.Ordinal);
        var unlinked = 0;
        foreach (var incident in incidents)
        {
            var linked = linker.Link(incident);
            if (linked.Cause is null)
            {
                unlinked += window.Contains(incident.DetectedAt) && (environment is null || incident.Environment == environment) ? 1 : 0;
                continue;
            }

            if (!incidentsByCause.TryGetValue(linked.Cause.Id, out var list))
            {
                incidentsByCause[linked.Cause.Id] = list = [];
            }

            list.Add(linked);
        }

        var remediatedBy = new Dictionary<string, Deploy>(StringComparer.Ordinal);
        foreach (var deploy in deploys)
        {
            if (deploy.Remediates is { } target && deploy.FinishedAt is not null
                && (!remediatedBy.TryGetValue(target, out var known) || deploy.FinishedAt < known.FinishedAt))
            {
                remediatedBy[target] = deploy;
            }
        }

        var counted = deploys
            .Where(d => d.Result != DeployResult.Running && d.FinishedAt is { } f && window.Contains(f)
                && (environment is null || string.Equals(d.Environment, environment, StringComparison.Ordinal)))
            .ToList();
        var context = new Context(window, definitions, incidentsByCause, remediatedBy);
        var services = counted
            .GroupBy(d => d.Service, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Measure(g.Key, g.ToList(), context))
            .ToList();
        return new DoraResult(window, environment, definitions, services, Measure("*", counted, context)) { UnlinkedIncidents = unlinked };
    }

    private sealed record Context(
        DoraWindow Window, DoraDefinitions Definitions, Dictionary<string, List<LinkedIncident>> IncidentsByCause, Dictionary<string, Deploy> RemediatedBy);

    private static ServiceDora Measure(string service, List<Deploy> deploys, Context context)
    {
        var definitions = context.Definitions;
        var days = new HashSet<DateOnly>(deploys.Select(d => DateOnly.FromDateTime(d.FinishedAt!.Value.UtcDateTime)));
        var lead = new List<double>();
        var recovery = new List<double>();
        int failed = 0, denominator = 0, rework = 0, unrecovered = 0;
        foreach (var deploy in deploys)
        {
            var finished = deploy.FinishedAt!.Value;
            if (deploy.Intent != DeployIntent.Planned)
            {
                rework++;
            }

            if (deploy.Intent != DeployIntent.Rollback)
            {
                foreach (var change in deploy.Changes)
                {
                    if (change.CommittedAt is { } committed && finished > committed)
                    {
                        lead.Add((finished - committed).TotalHours);
                    }
                }
            }

            if (definitions.ExcludeRemediationFromFailureRate && deploy.Intent != DeployIntent.Planned)
            {
                continue;
            }

            denominator++;
            context.IncidentsByCause.TryGetValue(deploy.Id, out var caused);
            context.RemediatedBy.TryGetValue(deploy.Id, out var undoneBy);
            if (deploy.Result != DeployResult.Failed && caused is null && undoneBy is null)
            {
                continue;
            }

            failed++;
            var samples = RecoverySamples(deploy, caused ?? [], undoneBy, definitions.Recovery);
            if (samples.Count == 0)
            {
                unrecovered++;
            }

            recovery.AddRange(samples.Select(minutes => definitions.RecoveryWholeHours ? Math.Floor(minutes / 60) * 60 : minutes));
        }

        var n = deploys.Count;
        var perDay = context.Window.Days > 0 ? n / context.Window.Days : 0;
        var leadTime = new QuantileSummary(Quantile.Of(lead, 0.5, definitions.Median), Quantile.Of(lead, 0.9, P90Kind(definitions.Median)), lead.Count);
        var recoveryTime = new QuantileSummary(Quantile.Of(recovery, 0.5, definitions.Median), Quantile.Of(recovery, 0.9, P90Kind(definitions.Median)), recovery.Count);
        double? failureRate = denominator > 0 ? (double)failed / denominator : null;
        var year = definitions.ReportYear;
        List<KeyValuePair<DoraMetric, DoraLevel?>> levels =
        [
            new(DoraMetric.DeploymentFrequency, DoraLevels.Assess(year, DoraMetric.DeploymentFrequency, n > 0 ? perDay : null)),
            new(DoraMetric.LeadTimeForChanges, DoraLevels.Assess(year, DoraMetric.LeadTimeForChanges, leadTime.Median)),
            new(DoraMetric.ChangeFailureRate, DoraLevels.Assess(year, DoraMetric.ChangeFailureRate, failureRate)),
            new(DoraMetric.FailedDeploymentRecoveryTime, DoraLevels.Assess(year, DoraMetric.FailedDeploymentRecoveryTime, recoveryTime.Median)),
            new(DoraMetric.DeploymentReworkRate, null),
        ];
        return new ServiceDora
        {
            Service = service,
            Deployments = n,
            DeploymentsPerDay = perDay,
            DeploymentDays = days.Count,
            DeploymentDaysPerWeek = Quantile.Of(DaysPerIsoWeek(days, context.Window), 0.5, definitions.Median),
            LeadTimeHours = leadTime,
            FailedDeployments = failed,
            ChangeFailureRate = failureRate,
            RecoveryMinutes = recoveryTime,
            Unrecovered = unrecovered,
            ReworkDeployments = rework,
            DeploymentReworkRate = n > 0 ? (double)rework / n : null,
            Levels = levels,
            Weakest = Weakest(levels),
        };
    }

    private static MedianKind P90Kind(MedianKind kind) => kind == MedianKind.Mean ? MedianKind.Interpolated : kind;

    private static List<double> RecoverySamples(Deploy failed, List<LinkedIncident> caused, Deploy? undoneBy, RecoveryClock clock)
    {
        var finished = failed.FinishedAt!.Value;
        var samples = new List<double>();
        if (clock == RecoveryClock.DeployToRemediation || caused.Count == 0)
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

    /// <summary>Days with a deploy in each ISO week (Monday to Sunday, UTC) that overlaps the window.</summary>
    private static List<double> DaysPerIsoWeek(HashSet<DateOnly> days, DoraWindow window)
    {
        var weeks = new List<double>();
        var first = DateOnly.FromDateTime(window.From.UtcDateTime);
        var monday = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        for (var week = monday; week.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < window.To.UtcDateTime; week = week.AddDays(7))
        {
            var count = 0;
            for (var d = 0; d < 7; d++)
            {
                count += days.Contains(week.AddDays(d)) ? 1 : 0;
            }

            weeks.Add(count);
        }

        return weeks;
    }

    /// <summary>The metric with the lowest level; ties go to stability first (failure rate, recovery), then lead time, then frequency.</summary>
    private static DoraMetric? Weakest(List<KeyValuePair<DoraMetric, DoraLevel?>> levels)
    {
        DoraMetric[] order = [DoraMetric.ChangeFailureRate, DoraMetric.FailedDeploymentRecoveryTime, DoraMetric.LeadTimeForChanges, DoraMetric.DeploymentFrequency];
        var rated = levels.Where(l => l.Value is not null).ToDictionary(l => l.Key, l => l.Value!.Value);
        return rated.Count == 0 ? null : order.Where(rated.ContainsKey).MinBy(m => rated[m]);
    }
}
