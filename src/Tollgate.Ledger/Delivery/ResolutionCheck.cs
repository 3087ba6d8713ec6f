namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The <see cref="ResolvedTooEarly"/> check of one write, for every dialect: the incidents and deploys it added (above
/// the ids the tables held before it) or changed (resolved incidents, finished deploys), each incident against its
/// detection and against the finish of the deploy it names. Only rows the write touched are read, each arm by an index
/// (the primary keys' ranges, the unique keys, <c>incidents_by_cause</c>), so a ledger written by an older Tollgate
/// still takes new events and a batch does not read every resolved incident.
/// </summary>
internal sealed class ResolutionCheck(long incidentsBefore, long deploysBefore)
{
    /// <summary>The ids both tables held before a write (from <see cref="BeforeSql"/>).</summary>
    public const string BeforeSql = "SELECT (SELECT coalesce(max(id), 0) FROM incidents), (SELECT coalesce(max(id), 0) FROM deploys)";

    /// <summary>For a write that adds no rows (<c>deploy finish</c>): only the rows it names are checked.</summary>
    public static ResolutionCheck OfChanged() => new(long.MaxValue, long.MaxValue);

    public long IncidentsBefore => incidentsBefore;

    public long DeploysBefore => deploysBefore;

    /// <summary>Incidents the write resolved (or whose resolution it kept).</summary>
    public HashSet<string> Incidents { get; } = new(StringComparer.Ordinal);

    /// <summary>Deploys whose finish the write changed.</summary>
    public HashSet<string> Deploys { get; } = new(StringComparer.Ordinal);

    /// <summary>An incident the write resolved (or whose resolution it kept).</summary>
    public void Incident(string key) => Incidents.Add(key);

    /// <summary>A deploy whose finish the write changed.</summary>
    public void Deploy(string key) => Deploys.Add(key);

    /// <summary>
    /// The first offending row (incident key, detected, resolved, deploy key, finished; see <see cref="ResolvedTooEarly.Of"/>),
    /// parameters (as the dialect's <paramref name="parameter"/> spells them) 1 incidents before, 2 deploys before, 3
    /// and 4 the changed incident and deploy keys as <paramref name="keys"/> reads a parameter (SQLite: <c>json_each</c>;
    /// PostgreSQL: <c>unnest</c>).
    /// </summary>
    public static string Sql(Func<int, string> parameter, Func<string, string> keys) =>
        $"""
        SELECT incident_key, detected_at, resolved_at, deploy_key, finished_at FROM (
            SELECT i.id, i.incident_key, i.detected_at, i.resolved_at, d.deploy_key, d.finished_at
            FROM incidents i LEFT JOIN deploys d ON d.deploy_key = i.caused_by AND d.finished_at IS NOT NULL
            WHERE i.id > {parameter(1)} AND {TooEarly}
            UNION ALL
            SELECT i.id, i.incident_key, i.detected_at, i.resolved_at, d.deploy_key, d.finished_at
            FROM incidents i LEFT JOIN deploys d ON d.deploy_key = i.caused_by AND d.finished_at IS NOT NULL
            WHERE i.incident_key IN ({keys(parameter(3))}) AND {TooEarly}
            UNION ALL
            SELECT i.id, i.incident_key, i.detected_at, i.resolved_at, d.deploy_key, d.finished_at
            FROM deploys d JOIN incidents i ON i.caused_by = d.deploy_key
            WHERE d.id > {parameter(2)} AND d.finished_at IS NOT NULL AND {TooEarly}
            UNION ALL
            SELECT i.id, i.incident_key, i.detected_at, i.resolved_at, d.deploy_key, d.finished_at
            FROM deploys d JOIN incidents i ON i.caused_by = d.deploy_key
            WHERE d.deploy_key IN ({keys(parameter(4))}) AND d.finished_at IS NOT NULL AND {TooEarly}
        ) x ORDER BY id LIMIT 1
        """;

    private const string TooEarly = "i.resolved_at IS NOT NULL AND (i.resolved_at < i.detected_at OR i.resolved_at < d.finished_at)";
}
