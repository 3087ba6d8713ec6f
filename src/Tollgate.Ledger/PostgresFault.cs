using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Tollgate.Domain;

namespace Tollgate.Ledger;

/// <summary>
/// Why the PostgreSQL ledger failed, in words for the one line of exit 3: the server's own (<c>28P01: password
/// authentication failed …</c>), Npgsql's (<c>Failed to connect to 127.0.0.1:1</c>) and the operating system's
/// (<c>Connection refused</c>), never the runtime's own messages, which are resource keys in the Native AOT binary
/// (built with <c>UseSystemResourceKeys</c>: <c>net_io_writefailure, Broken pipe</c>). A connection that broke after it
/// was made (an I/O error on it: the server went away, a proxy cut it) is said in our words: "the connection to
/// PostgreSQL at HOST:PORT was lost: broken pipe". A statement that ran past a limit the user set says which limit and
/// where it is set (<see cref="RanOut"/>), not Npgsql's "Exception while reading from stream: timed out".
/// </summary>
internal static class PostgresFault
{
    /// <param name="server"><c>host:port/database</c>, as the line names the ledger.</param>
    /// <param name="commandTimeout">The connection's own statement limit as written (<c>command_timeout=5</c>), if it sets one.</param>
    public static string Cause(NpgsqlException e, string server, string? commandTimeout = null)
    {
        if (RanOut(e, commandTimeout) is { } limit)
        {
            return limit;
        }

        if (e is not PostgresException && e.Inner<IOException>() is { } broken)
        {
            var at = server.LastIndexOf('/') is var slash and > 0 ? server[..slash] : server;
            return $"the connection to PostgreSQL at {at} was lost" + (e.Inner<SocketException>() is { } socket
                ? ": " + Lowered(socket.Message)
                : broken is EndOfStreamException ? ": the server closed it" : "");
        }

        var cause = e.InnerException switch
        {
            null => null,
            NpgsqlException inner => inner.Message,
            SocketException socket => socket.Message, // the operating system's words
            TimeoutException => "timed out",
            AuthenticationException => "the TLS handshake failed",
            _ => null, // the runtime's own message: a resource key in the binary
        };
        return cause is null || e.Message.Contains(cause, StringComparison.Ordinal) ? e.Message : $"{e.Message}: {cause}";
    }

    /// <summary>
    /// The server ended the connection, not the statement: it was terminated (<c>57P01</c> admin shutdown, as a restart
    /// or <c>pg_terminate_backend</c> does; <c>57P02</c> crash shutdown; <c>57P03</c> cannot connect now), or, when
    /// <paramref name="lost"/> allows it, the connection broke under it (an I/O error, no answer from the server). A
    /// pooled connection the server had already ended says so on its first use: a fresh one may succeed.
    /// </summary>
    public static bool ConnectionEnded(NpgsqlException e, bool lost) =>
        (e as PostgresException ?? e.InnerException as PostgresException)?.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        || (lost && e is not PostgresException && e.Inner<IOException>() is not null);

    /// <summary>
    /// The statement ran past a limit, said with the limit and where to change it; null for any other failure. The
    /// connection's <c>command_timeout</c>: Npgsql cancels the statement when it runs out and fails the read or write it
    /// was waiting in with a <see cref="TimeoutException"/> (a connect or pool timeout says "Failed to connect" or names
    /// the pool, and keeps its words). The server's <c>statement_timeout</c> (on the role, the database, in
    /// postgresql.conf or the connection's <c>options</c>): <c>57014</c> query_canceled, whose words say "statement timeout" (an administrator's
    /// <c>pg_cancel_backend</c> is also 57014, "due to user request", and keeps the server's words).
    /// </summary>
    internal static string? RanOut(NpgsqlException e, string? commandTimeout)
    {
        if (commandTimeout is not null && e is not PostgresException && e.InnerException is TimeoutException
            && e.Message.EndsWith(" stream", StringComparison.Ordinal))
        {
            var seconds = commandTimeout[(commandTimeout.IndexOf('=', StringComparison.Ordinal) + 1)..];
            return $"the statement ran past its {seconds} s limit ({commandTimeout} in the connection string); raise it or remove it";
        }

        return (e as PostgresException ?? e.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.QueryCanceled } canceled
            && canceled.MessageText.Contains("statement timeout", StringComparison.Ordinal)
            ? "the statement ran past the server's statement_timeout (57014; set on the role, the database, the server or the connection's options); raise it or remove it for the ledger's role (ALTER ROLE … SET statement_timeout)"
            : null;
    }

    private static string Lowered(string words) => words.Length > 1 && char.IsUpper(words[0]) && char.IsLower(words[1]) ? char.ToLowerInvariant(words[0]) + words[1..] : words;
}
