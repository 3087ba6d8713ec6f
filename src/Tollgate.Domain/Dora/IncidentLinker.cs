using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>
/// Links incidents to deploys. Cause: the deploy a CAUSED_BY link names, else the latest deploy of the same artifact
/// finished before detection, else the nearest deploy of the service and environment finished within the link window
/// before detection (never an unbounded "latest deploy ever", the complaint of apache/devlake#8150). Remediation: the
/// first successful deploy of that service and environment with intent hotfix or rollback finished after detection (a
/// rollback that failed recovered nothing); the same remediates a failed deploy that no rollback names
/// (<see cref="RemediationAfter"/>).
/// </summary>
public sealed class IncidentLinker
{
    private readonly Dictionary<string, Deploy> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Service, string Environment), List<Deploy>> _byTarget = [];

    /// <summary>Each deploy's artifact as <see cref="PackageUrl.Key"/> reads it, parsed once (null: none, or not a purl).</summary>
    private readonly Dictionary<Deploy, string?> _artifactKeys = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan _window;

    /// <param name="deploys">Finished deploys of every service (the ledger's history, not only the report window).</param>
    public IncidentLinker(IEnumerable<Deploy> deploys, TimeSpan window)
    {
        _window = window;
        foreach (var deploy in deploys)
        {
            if (deploy.FinishedAt is null)
            {
                continue;
            }

            _byId.TryAdd(deploy.Id, deploy);
            var key = (deploy.Service, deploy.Environment);
            if (!_byTarget.TryGetValue(key, out var list))
            {
                _byTarget[key] = list = [];
            }

            list.Add(deploy);
            _artifactKeys[deploy] = PackageUrl.Key(deploy.ArtifactId);
        }

        // A stable sort: deploys finished at the same instant keep the order they were given in (the ledger's: started,
        // then recorded), so the "latest prior" deploy is the same whichever subset of the history holds it (DoraFacts).
        foreach (var key in _byTarget.Keys.ToList())
        {
            _byTarget[key] = [.. _byTarget[key].OrderBy(d => d.FinishedAt!.Value)];
        }
    }

    public LinkedIncident Link(Incident incident)
    {
        var (cause, how) = FindCause(incident);
        var remediation = RemediationAfter(cause?.Service ?? incident.Service, cause?.Environment ?? incident.Environment, incident.DetectedAt);
        return new LinkedIncident(incident, cause, remediation, how);
    }

    /// <summary>
    /// The first successful deploy with intent hotfix or rollback of the service and environment finished strictly
    /// after <paramref name="time"/>: what remediates an incident detected then, or a failed deploy finished then.
    /// </summary>
    public Deploy? RemediationAfter(string service, string environment, DateTimeOffset time)
    {
        if (_byTarget.TryGetValue((service, environment), out var list))
        {
            for (var i = UpperBound(list, time); i < list.Count; i++)
            {
                if (list[i].Intent != DeployIntent.Planned && list[i].Result == DeployResult.Success)
                {
                    return list[i];
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The successful rollback among the deploys of <paramref name="deploy"/>'s service and environment finished next
    /// after it (every deploy finished at that first later instant), or null: the deploy it undid is <paramref name="deploy"/>.
    /// A rollback that names the deploy it remediates (<see cref="Deploy.Remediates"/>) undid that one only.
    /// </summary>
    public Deploy? RollbackNext(Deploy deploy)
    {
        if (deploy.FinishedAt is { } finished && _byTarget.TryGetValue((deploy.Service, deploy.Environment), out var list))
        {
            var first = UpperBound(list, finished);
            for (var i = first; i < list.Count && list[i].FinishedAt == list[first].FinishedAt; i++)
            {
                // A rollback to the deploy's own version (the deploy after it never finished, and a rollback by hand
                // returned to it) undid something else, not it.
                if (list[i].Intent == DeployIntent.Rollback && list[i].Result == DeployResult.Success
                    && !string.Equals(list[i].Version, deploy.Version, StringComparison.Ordinal)
                    && (list[i].Remediates is null || string.Equals(list[i].Remediates, deploy.Id, StringComparison.Ordinal)))
                {
                    return list[i];
                }
            }
        }

        return null;
    }

    private (Deploy? Cause, string How) FindCause(Incident incident)
    {
        if (incident.CausedBy is { } id && _byId.TryGetValue(id, out var named))
        {
            return (named, "caused-by");
        }

        if (!_byTarget.TryGetValue((incident.Service, incident.Environment), out var list))
        {
            return (null, "none");
        }

        var before = UpperBound(list, incident.DetectedAt);
        if (incident.ArtifactId is { Length: > 0 } artifact)
        {
            // package URLs as the purl specification compares them (PackageUrl.Same): qualifier order and percent-encoding
            // do not matter. Each purl is parsed once, the incident's here and the deploys' when linking began, not once
            // per pair: with a long history that was every past deploy parsed again for every incident.
            var key = PackageUrl.Key(artifact);
            for (var i = before - 1; i >= 0; i--)
            {
                var deploy = list[i];
                if (string.Equals(deploy.ArtifactId, artifact, StringComparison.Ordinal)
                    || (key is not null && string.Equals(_artifactKeys[deploy], key, StringComparison.Ordinal))
                    || string.Equals(deploy.Version, artifact, StringComparison.Ordinal))
                {
                    return (list[i], "artifact");
                }
            }
        }

        return before > 0 && incident.DetectedAt - list[before - 1].FinishedAt!.Value <= _window
            ? (list[before - 1], "nearest-prior")
            : (null, "none");
    }

    /// <summary>Index of the first deploy finished strictly after <paramref name="time"/>.</summary>
    private static int UpperBound(List<Deploy> list, DateTimeOffset time)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (list[mid].FinishedAt!.Value <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
