using System.Data.Common;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// A deploy as the <c>deploys</c> table holds it on either engine: the columns selected and the row read back. The
/// engines differ only in how a time is stored (<see cref="SqliteDeployRow"/>: Unix milliseconds;
/// <see cref="PostgresDeployRow"/>: <c>timestamptz</c>), which each passes in.
/// </summary>
internal static class DeployRow
{
    /// <summary>
    /// The columns <see cref="Read"/> reads, in its order. <c>amended</c> (migration 0019): the deploy was marked failed
    /// after it finished as a success (<see cref="Deploy.AmendedFailed"/>), so it still ships its changes for lead time.
    /// </summary>
    public const string Columns = "id, deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source, amended";

    /// <summary>How many columns <see cref="Columns"/> lists: the columns a read selects after them start at this index.</summary>
    public const int Count = 13;

    /// <summary>
    /// The type of the status event <c>deploy finish --deploy … --result failed</c> records: the writer sets
    /// <c>amended</c> with the status it carries (and clears it with any other status).
    /// </summary>
    public const string AmendedType = "tollgate.deploy.amended";

    /// <summary>
    /// The column <see cref="Watch"/> reads, selected after <see cref="Columns"/> by the reads that hand deploys out
    /// (their history, one deploy) and by DORA's sparse set (an unfinished watch leaves a deploy out of the failure rate);
    /// the deploy days leave it out: no count of theirs depends on it.
    /// </summary>
    public const string WatchColumn = "watch";

    /// <summary>
    /// <see cref="WatchColumn"/> and the <c>deploy run</c> lease (<see cref="Deploy.Lease"/>, migration 0016), selected
    /// after <see cref="Columns"/> by the reads that hand deploys out; <see cref="Handed"/> reads both.
    /// </summary>
    public const string WatchAndLeaseColumns = WatchColumn + ", lease";

    /// <summary>What the watch made of the deploy, from <see cref="WatchColumn"/> selected right after <see cref="Columns"/>.</summary>
    public static DeployWatch Watch(DbDataReader r) => DeliveryNames.ParseWatch(r.IsDBNull(Count) ? null : r.GetString(Count));

    /// <summary>A deploy from a row of <see cref="Columns"/> then <see cref="WatchAndLeaseColumns"/>, with what its watch made of it and its lease.</summary>
    public static Deploy Handed(Deploy deploy, DbDataReader r) => deploy with { Watch = Watch(r), Lease = r.IsDBNull(Count + 1) ? null : r.GetString(Count + 1) };

    /// <summary>A deploy from a row that starts with <see cref="Columns"/>; <paramref name="time"/> reads a time column (null when NULL).</summary>
    public static Deploy Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset?> time, IReadOnlyList<Change> changes) =>
        new(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), DeliveryNames.ParseIntent(r.GetString(5)), time(r, 7)!.Value)
        {
            Result = DeliveryNames.ParseResult(r.GetString(6)),
            FinishedAt = time(r, 8),
            ArtifactId = r.IsDBNull(9) ? null : r.GetString(9),
            Remediates = r.IsDBNull(10) ? null : r.GetString(10),
            Source = r.GetString(11),
            AmendedFailed = r.GetBoolean(12),
            Changes = changes,
        };
}
