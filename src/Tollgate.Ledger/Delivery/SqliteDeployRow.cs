using System.Data.Common;
using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>A deploy as SQLite's <c>deploys</c> table holds it (<see cref="DeployRow"/>, times as Unix milliseconds).</summary>
internal static class SqliteDeployRow
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = DeployRow.Columns;

    /// <summary>A deploy from a row that starts with <see cref="Columns"/>.</summary>
    public static Deploy Read(SqliteDataReader r, IReadOnlyList<Change> changes) => DeployRow.Read(r, Time, changes);

    public static DateTimeOffset? Time(DbDataReader r, int column) =>
        r.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(column));
}
