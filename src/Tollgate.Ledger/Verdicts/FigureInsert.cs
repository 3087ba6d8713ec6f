using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// The SQLite ledger's insert of a verdict's figures, prepared once per connection like <see cref="VerdictInsert"/>
/// and run once per value inside the verdict's transaction. Not for concurrent use.
/// </summary>
internal sealed class FigureInsert : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _verdict, _ordinal, _address, _slice, _test, _flagged, _measure, _value;

    public FigureInsert(SqliteConnection connection)
    {
        _command = connection.CreateCommand();
        _command.CommandText =
            """
            INSERT INTO report_figures (verdict_id, ordinal, address, slice, test, flagged, measure, value)
            VALUES ($verdict, $ordinal, $address, $slice, $test, $flagged, $measure, $value)
            """;
        SqliteParameter Add(string name) => _command.Parameters.Add(new SqliteParameter(name, null));
        (_verdict, _ordinal, _address, _slice) = (Add("$verdict"), Add("$ordinal"), Add("$address"), Add("$slice"));
        (_test, _flagged, _measure, _value) = (Add("$test"), Add("$flagged"), Add("$measure"), Add("$value"));
    }

    public async Task RunAsync(long verdictId, FigureRows rows, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        _command.Transaction = transaction;
        _verdict.Value = verdictId;
        for (var i = 0; i < rows.Count; i++)
        {
            _ordinal.Value = rows.Ordinals[i];
            _address.Value = rows.Addresses[i];
            _slice.Value = rows.Slices[i];
            _test.Value = rows.Tests[i];
            _flagged.Value = rows.Flagged[i] ? 1 : 0;
            _measure.Value = rows.Measures[i];
            _value.Value = rows.Values[i];
            await _command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public void Dispose() => _command.Dispose();
}
