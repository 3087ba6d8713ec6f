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
        var (context, unlinked) = Link(deploys, incidents, window, environment, definitions);
        var tallies = new SortedDictionary<string, DoraTally>(StringComparer.Ordinal);
        var overall = new DoraTally();
        var shipped = FirstShipments.Of(deploys);
        for (var i = 0; i < deploys.Count; i++)
        {
            var deploy = deploys[i];
            if (IsCounted(deploy, window, environment))
            {
                var tally = TallyOf(tallies, deploy.Service);
                tally.Add(shipped[i]);
                overall.Add(shipped[i]);
                tally.AddIfFailed(deploy, context);
                overall.AddIfFailed(deploy, context);
            }
        }

        return Result(tallies, overall, context, unlinked);
    }

    /// <summary>
    /// The same numbers as <see cref="Compute(IReadOnlyList{Deploy}, IReadOnlyList{Incident}, DoraWindow, string?, DoraDefinitions)"/>
    /// over the full history, from the ledger's deploy days and the sparse set of <paramref name="facts"/>.
    /// </summary>
    public static DoraResult Compute(DoraFacts facts, DoraWindow window, string? environment, DoraDefinitions definitions)
    {
        var (context, unlinked) = Link(facts.Sparse, facts.Incidents, window, environment, definitions);
        var tallies = new SortedDictionary<string, DoraTally>(StringComparer.Ordinal);
        var overall = new DoraTally();
        foreach (var day in facts.Days)
        {
            if (day.Deploys > 0 && (environment is null || string.Equals(day.Environment, environment, StringComparison.Ordinal)))
            {
                TallyOf(tallies, day.Service).Add(day);
                overall.Add(day);
            }
        }

        foreach (var deploy in facts.Sparse)
        {
            if (IsCounted(deploy, window, environment))
            {
                TallyOf(tallies, deploy.Service).AddIfFailed(deploy, context);
                overall.AddIfFailed(deploy, context);
            }
        }

        return Result(tallies, overall, context, unlinked);
    }

    private static bool IsCounted(Deploy deploy, DoraWindow window, string? environment) =>
        DeployDays.Counts(deploy) && window.Contains(deploy.FinishedAt!.Value)
        && (environment is null || string.Equals(deploy.Environment, environment, StringComparison.Ordinal));

    private static DoraTally TallyOf(SortedDictionary<string, DoraTally> tallies, string service)
    {
        if (!tallies.TryGetValue(service, out var tally))
        {
            tallies[service] = tally = new DoraTally();
        }

        return tally;
    }

    private static (DoraTally.Links Context, int Unlinked) Link(
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
            // Only a remediation that succeeded recovers: a rollback whose command failed is itself a failed deploy.
            if (deploy.Remediates is { } target && deploy.FinishedAt is not null && deploy.Result == DeployResult.Success
                && (!remediatedBy.TryGetValue(target, out var known) || deploy.FinishedAt < known.FinishedAt))
            {
                remediatedBy[target] = deploy;
            }
        }

        foreach (var deploy in deploys)
        {
            // A failed deploy that no remediation names (recorded by `deploy finish --result failed`, or ingested) is
            // remediated as an incident is: by the first later successful hotfix or rollback of its service and
            // environment. Without this, a rollback recorded by hand left the failure "not recovered yet".
            if (deploy.Result == DeployResult.Failed && deploy.FinishedAt is { } failedAt && !remediatedBy.ContainsKey(deploy.Id)
                && linker.RemediationAfter(deploy.Service, deploy.Environment, failedAt) is { } remediation)
            {
                remediatedBy[deploy.Id] = remediation;
            }
        }

        foreach (var deploy in deploys)
        {
            // A successful deploy whose next deploy is a successful rollback was undone: a failure, remediated by that
            // rollback, as a `deploy finish --result failed` one would be, whatever its watch made of it (a rollback by
            // hand after a deploy its watch passed, or one Tollgate never watched, undoes it all the same; counting only
            // held and unwatched ones made the same history count differently by whether a watch ever began).
            if (deploy.Result == DeployResult.Success
                && deploy.FinishedAt is not null && !remediatedBy.ContainsKey(deploy.Id) && linker.RollbackNext(deploy) is { } undone)
            {
                remediatedBy[deploy.Id] = undone;
            }
        }

        return (new DoraTally.Links(window, environment, definitions, incidentsByCause, remediatedBy), unlinked);
    }

    private static DoraResult Result(SortedDictionary<string, DoraTally> tallies, DoraTally overall, DoraTally.Links context, int unlinked) =>
        new(context.Window, context.Environment, context.Definitions, tallies.Select(t => Measure(t.Key, t.Value, context)).ToList(), Measure("*", overall, context))
        {
            UnlinkedIncidents = unlinked,
        };

    private static ServiceDora Measure(string service, DoraTally tally, DoraTally.Links context)
    {
        var definitions = context.Definitions;
        var n = tally.Deployments;
        // A deploy whose watch never gave a verdict is not known good: out of the rate until a watch judges it (it still
        // counts as a deployment, and for lead time: it shipped).
        var denominator = (definitions.ExcludeRemediationFromFailureRate ? n - tally.Rework : n) - tally.Unwatched - tally.Held;
        var perDay = context.Window.Days > 0 ? n / context.Window.Days : 0;
        var leadTime = new QuantileSummary(Quantile.Of(tally.Lead, 0.5, definitions.Median), Quantile.Of(tally.Lead, 0.9, P90Kind(definitions.Median)), tally.Lead.Count);
        var recoveryTime = new QuantileSummary(
            Quantile.Of(tally.Recovery, 0.5, definitions.Median), Quantile.Of(tally.Recovery, 0.9, P90Kind(definitions.Median)), tally.Recovery.Count);
        double? failureRate = denominator > 0 ? (double)tally.Failed / denominator : null;
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
            DeploymentDays = tally.Days.Count,
            DeploymentDaysPerWeek = Quantile.Of(DaysPerIsoWeek(tally.Days, context.Window), 0.5, definitions.Median),
            LeadTimeHours = leadTime,
            FailedDeployments = tally.Failed,
            ChangeFailureRate = failureRate,
            RecoveryMinutes = recoveryTime,
            Unrecovered = tally.Unrecovered,
            Unwatched = tally.Unwatched,
            Held = tally.Held,
            WithoutIncident = tally.WithoutIncident,
            ReworkDeployments = tally.Rework,
            DeploymentReworkRate = n > 0 ? (double)tally.Rework / n : null,
            Levels = levels,
            Weakest = Weakest(levels),
        };
    }

    private static MedianKind P90Kind(MedianKind kind) => kind == MedianKind.Mean ? MedianKind.Interpolated : kind;

    /// <summary>
    /// Days with a deploy in each ISO week (Monday to Sunday, UTC) wholly inside the window: a week the window cuts
    /// counted as a whole one read a Sunday alone as a week without deploys (11-01 to 11-09 halved 11-02 to 11-09's
    /// figure). A window holding no whole week gives its own deploy days scaled to a week.
    /// </summary>
    private static List<double> DaysPerIsoWeek(HashSet<DateOnly> days, DoraWindow window)
    {
        var weeks = new List<double>();
        var from = window.From.UtcDateTime;
        var to = window.To.UtcDateTime;
        var first = DateOnly.FromDateTime(from);
        var monday = first.AddDays((7 - (((int)first.DayOfWeek + 6) % 7)) % 7);
        if (monday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < from)
        {
            monday = monday.AddDays(7); // the window starts after midnight of a Monday: that week is cut
        }

        for (var week = monday; week.AddDays(7).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) <= to; week = week.AddDays(7))
        {
            var count = 0;
            for (var d = 0; d < 7; d++)
            {
                count += days.Contains(week.AddDays(d)) ? 1 : 0;
            }

            weeks.Add(count);
        }

        if (weeks.Count == 0 && to > from)
        {
            var span = (to - from).TotalDays;
            var deployed = days.Count(d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < to && d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1) > from);
            weeks.Add(Math.Min(7, deployed * 7 / Math.Max(1, span)));
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
