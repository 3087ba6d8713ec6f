using System.Data.Common;
using Npgsql;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>A deploy as PostgreSQL's <c>deploys</c> table holds it (<see cref="DeployRow"/>, times as <c>timestamptz</c>).</summary>
internal static class PostgresDeployRow
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = DeployRow.Columns;

    /// <summary>A deploy from a row that starts with <see cref="Columns"/>.</summary>
    public static Deploy Read(NpgsqlDataReader r, IReadOnlyList<Change> changes) => DeployRow.Read(r, Time, changes);

    public static DateTimeOffset? Time(DbDataReader r, int column) => r.IsDBNull(column) ? null : r.GetFieldValue<DateTimeOffset>(column);
}
