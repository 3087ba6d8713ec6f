namespace Tollgate.Ledger;

/// <summary>
/// How a long-running process (<c>tollgate serve</c>) hears that opening a PostgreSQL ledger is waiting: once the
/// migrations have waited <paramref name="After"/>, and every <paramref name="After"/> again, <paramref name="Say"/>
/// gets one line naming what they wait for (<see cref="Migrations.MigrationWait"/>).
/// </summary>
public sealed record StartupWait(TimeSpan After, Action<string> Say);
