namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The ledger's deploy targets (each service and environment deployed to), ordered by service then environment, as
/// <c>SELECT DISTINCT service, environment FROM deploys</c> gives them, in both dialects. Read by a skip scan of the
/// index on (service, environment, …): one index seek per service and per target, not a pass over every deploy, so a
/// grouped events write (<see cref="IGroupedIngest"/>), which reads them once per batch, costs the same on a ledger of
/// millions of deploys as on a new one.
/// </summary>
internal static class DeployTargetsQuery
{
    public const string Sql = """
        WITH RECURSIVE services(service) AS (
            SELECT min(service) FROM deploys
            UNION ALL
            SELECT (SELECT min(d.service) FROM deploys d WHERE d.service > s.service) FROM services s WHERE s.service IS NOT NULL
        ), targets(service, environment) AS (
            SELECT s.service, (SELECT min(d.environment) FROM deploys d WHERE d.service = s.service) FROM services s WHERE s.service IS NOT NULL
            UNION ALL
            SELECT t.service, (SELECT min(d.environment) FROM deploys d WHERE d.service = t.service AND d.environment > t.environment) FROM targets t WHERE t.environment IS NOT NULL
        )
        SELECT service, environment FROM targets WHERE environment IS NOT NULL ORDER BY service, environment
        """;
}
