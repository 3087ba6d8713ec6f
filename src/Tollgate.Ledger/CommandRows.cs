using System.Data.Common;

namespace Tollgate.Ledger;

/// <summary>Runs a query command of either dialect and maps each row.</summary>
internal static class CommandRows
{
    public static async Task<IReadOnlyList<T>> ReadAllAsync<TReader, T>(DbCommand command, Func<TReader, T> map, CancellationToken cancellationToken)
        where TReader : DbDataReader
    {
        await using var reader = (TReader)await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
