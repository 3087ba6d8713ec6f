using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger.Tests.Figures;

public sealed class SqliteFigureTests : FigureBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-figures-").FullName;

    private string DbPath => Path.Combine(_dir, "ledger.db");

    protected override Task<string> ConnectionAsync() => Task.FromResult(DbPath);

    protected override async Task BreakFigureWritesAsync()
    {
        await using var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "CREATE TRIGGER break_figures BEFORE INSERT ON report_figures BEGIN SELECT RAISE(ABORT, 'figure write refused'); END";
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
