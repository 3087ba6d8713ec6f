using Npgsql;

namespace Tollgate.Server.Tests.Support;

/// <summary>
/// Another session holding a PostgreSQL ledger's verdicts table in ACCESS EXCLUSIVE mode, as a migration or a long
/// report query would: every read and write of it waits until the holder is disposed (its transaction rolled back).
/// </summary>
public sealed class VerdictsLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _holder;
    private readonly NpgsqlTransaction _transaction;

    private VerdictsLock(NpgsqlConnection holder, NpgsqlTransaction transaction) => (_holder, _transaction) = (holder, transaction);

    public static async Task<VerdictsLock> HoldAsync(string connection)
    {
        var holder = new NpgsqlConnection(connection);
        await holder.OpenAsync();
        var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE verdicts IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        return new VerdictsLock(holder, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _holder.DisposeAsync();
    }
}
