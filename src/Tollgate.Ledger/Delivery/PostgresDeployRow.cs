using Npgsql;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>A deploy as PostgreSQL's <c>deploys</c> table holds it: the columns selected and the row read back.</summary>
internal static class PostgresDeployRow
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = "id, deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source";

    /// <summary>A deploy from a row that starts with <see cref="Columns"/>.</summary>
    public static Deploy Read(NpgsqlDataReader r, IReadOnlyList<Change> changes) =>
        new(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), DeliveryNames.ParseIntent(r.GetString(5)), r.GetFieldValue<DateTimeOffset>(7))
        {
            Result = DeliveryNames.ParseResult(r.GetString(6)),
            FinishedAt = Time(r, 8),
            ArtifactId = r.IsDBNull(9) ? null : r.GetString(9),
            Remediates = r.IsDBNull(10) ? null : r.GetString(10),
            Source = r.GetString(11),
            Changes = changes,
        };

    public static DateTimeOffset? Time(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetFieldValue<DateTimeOffset>(column);
}
