using Npgsql;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Figures;

/// <summary>The figures behaviour against a real PostgreSQL, one new database per test.</summary>
public sealed class PostgresFigureTests : FigureBehaviourTests
{
    private string? _connection;

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();

    protected override async Task BreakFigureWritesAsync()
    {
        await using var raw = new NpgsqlConnection(await ConnectionAsync());
        await raw.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            CREATE FUNCTION refuse_figure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'figure write refused'; END $$;
            CREATE TRIGGER break_figures BEFORE INSERT ON report_figures FOR EACH ROW EXECUTE FUNCTION refuse_figure();
            """, raw);
        await command.ExecuteNonQueryAsync();
    }
}
