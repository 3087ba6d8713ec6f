using System.Collections.Concurrent;
using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger;

/// <summary>
/// A SQLite ledger a command is about to create, built under a temporary name next to where it belongs and moved into
/// place only once the work on it succeeded: a command refused halfway (a bad event on the millionth line of a file
/// that is parsed as it is written) leaves no ledger behind, nor the directories made for it. The move never replaces
/// a ledger another process created meanwhile; the caller is told, and does its work on that one instead.
/// </summary>
public static class NewLedger
{
    /// <summary>The ledgers being built aside by this process, with the outermost directory made for each.</summary>
    private static readonly ConcurrentDictionary<string, string?> Unfinished = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="work"/> on a new ledger built aside and moves it to <paramref name="path"/>: Placed is
    /// false (and the result not kept) when a ledger appeared at <paramref name="path"/> meanwhile. A failure of the
    /// work removes what was built and passes on.
    /// </summary>
    public static async Task<(bool Placed, T Result)> BuildAsync<T>(
        string path, TimeProvider clock, Func<ILedger, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(path)!;
        var made = Domain.Inputs.MissingDirectories.Of(directory).LastOrDefault(); // the outermost directory made for the ledger
        var aside = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.new");
        T result;
        Unfinished[aside] = made;
        try
        {
            await using var ledger = await OpenAsync(aside, path, clock, cancellationToken);
            result = await work(ledger);
            // Out of WAL mode (the next open sets it again): everything in the one file that is moved, no -wal beside it.
            await using var pragma = ledger.Connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=DELETE";
            if (await pragma.ExecuteScalarAsync(cancellationToken) is not "delete")
            {
                throw new InvalidOperationException($"the new ledger {aside} could not leave WAL mode; it was not moved to {path}");
            }
        }
        catch (Domain.InvalidInputException e) when (e.Message.Contains(aside, StringComparison.Ordinal))
        {
            // The temporary name is this class's business: the user named the ledger.
            Unfinished.TryRemove(aside, out _);
            Remove(aside, made);
            throw new Domain.InvalidInputException(e.Message.Replace(aside, path, StringComparison.Ordinal), e) { LedgerFault = e.LedgerFault };
        }
        catch
        {
            Unfinished.TryRemove(aside, out _);
            Remove(aside, made);
            throw;
        }

        try
        {
            // In one step, or a ledger another process made meanwhile (and recorded in) would be replaced: File.Move
            // without overwriting looks, then renames.
            Domain.Inputs.NoReplaceMove.Move(aside, path);
            Unfinished.TryRemove(aside, out _);
            return (true, result);
        }
        catch (IOException) when (Path.Exists(path))
        {
            Unfinished.TryRemove(aside, out _);
            Remove(aside, null);
            return (false, result);
        }
    }

    /// <summary>
    /// Removes every ledger still being built aside, and the directories made for it: the host calls it before it exits
    /// on SIGTERM or SIGINT without waiting for the work (a load's long statement does not stop at the signal), so a
    /// stopped <c>events ingest</c> leaves no <c>.NAME.PID.….new</c> nor its <c>-journal</c>, and no ledger. A build
    /// that moved its ledger into place first has finished it whole (its last transaction committed, out of WAL); one
    /// that would move it after finds nothing to move.
    /// </summary>
    public static void RemoveUnfinished()
    {
        foreach (var (aside, made) in Unfinished)
        {
            try
            {
                Remove(aside, made);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Its directory went away or was made read-only meanwhile: there is nothing more this process can do.
            }
        }
    }

    /// <summary>The ledger built aside; a file system failure making it (its directory is a file, no permission) names <paramref name="path"/>.</summary>
    private static async Task<SqliteLedger> OpenAsync(string aside, string path, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            return await SqliteLedger.OpenAsync(aside, clock, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Domain.InvalidInputException($"cannot create the ledger at {path}: {Domain.Inputs.FileProblem.Describe(e, path)}", e) { LedgerFault = true };
        }
    }

    /// <summary>
    /// Removes a SQLite ledger <paramref name="aside"/> (with its <c>-wal</c>, <c>-shm</c> and <c>-journal</c>) and the
    /// outermost directory <paramref name="made"/> for it when no file is left in it: what a refused start created.
    /// </summary>
    public static void Remove(string aside, string? made)
    {
        // Only what exists: deleting a name whose directory is missing (or is a file) throws.
        foreach (var file in ((string[])[aside, aside + "-wal", aside + "-shm", aside + "-journal"]).Where(File.Exists))
        {
            File.Delete(file);
        }

        if (made is not null && Directory.Exists(made) && !Directory.EnumerateFileSystemEntries(made, "*", SearchOption.AllDirectories).Any(File.Exists))
        {
            Directory.Delete(made, recursive: true);
        }
    }
}
