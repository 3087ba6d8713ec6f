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
/// PostgreSQL at HOST:PORT was lost: broken pipe". A statement that ran past its limit says which limit and
/// where it is set (the connection string, or the program's own) (<see cref="RanOut"/>), not Npgsql's "Exception while reading from stream: timed out"; a server that
/// accepted the connection but did not answer before the connect timeout is said to be that (<see cref="Opening"/>).
/// </summary>
internal static class PostgresFault
{
    /// <param name="server"><c>host:port/database</c>, as the line names the ledger.</param>
    /// <param name="limit">The connection's statement limit (<c>command_timeout=5</c>, or one the program set), if it has one.</param>
    public static string Cause(NpgsqlException e, string server, StatementLimit? limit = null)
    {
        if (NotOpenedInTime(e, server) is { } unanswered)
        {
            return unanswered;
        }

        if (RanOut(e, limit) is { } ranOut)
        {
            return ranOut;
        }

        if (e is not PostgresException && e.Inner<IOException>() is { } broken)
        {
            return $"the connection to PostgreSQL at {HostPort(server)} was lost" + (e.Inner<SocketException>() is { } socket
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
    /// Marks <paramref name="e"/> as a failure to open a connection (its connect timeout <paramref name="connectTimeout"/>
    /// seconds): a server that accepts TCP and never answers fails the startup read with the same timeout as a statement
    /// that ran out, and is told apart by this mark.
    /// </summary>
    public static void Opening(NpgsqlException e, int connectTimeout) => e.Data[OpeningKey] = connectTimeout;

    private const string OpeningKey = "tollgate.connect_timeout";

    /// <summary>The connection was being opened and the server did not answer within the connect timeout; null otherwise.</summary>
    private static string? NotOpenedInTime(NpgsqlException e, string server) =>
        e.Data[OpeningKey] is int seconds && e is not PostgresException && e.InnerException is TimeoutException
        && e.Message.EndsWith(" stream", StringComparison.Ordinal)
            ? $"the connection to PostgreSQL at {HostPort(server)} could not be opened in time: no answer within its {seconds} s connect timeout (connect_timeout in a URL, Timeout among keywords)"
            : null;

    /// <summary>
    /// The statement ran past a limit, said with the limit and where to change it; null for any other failure. The
    /// connection's <c>command_timeout</c>: Npgsql cancels the statement when it runs out and fails the read or write it
    /// was waiting in with a <see cref="TimeoutException"/> (a connect or pool timeout says "Failed to connect" or names
    /// the pool, and keeps its words). The server's <c>statement_timeout</c> (on the role, the database, in
    /// postgresql.conf or the connection's <c>options</c>): <c>57014</c> query_canceled, whose words say "statement timeout" (an administrator's
    /// <c>pg_cancel_backend</c> is also 57014, "due to user request", and keeps the server's words).
    /// </summary>
    internal static string? RanOut(NpgsqlException e, StatementLimit? limit)
    {
        if (limit is not null && e.Data[OpeningKey] is null && e is not PostgresException && e.InnerException is TimeoutException
            && e.Message.EndsWith(" stream", StringComparison.Ordinal))
        {
            return limit.RanOut;
        }

        return (e as PostgresException ?? e.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.QueryCanceled } canceled
            && canceled.MessageText.Contains("statement timeout", StringComparison.Ordinal)
            ? "the statement ran past the server's statement_timeout (57014; set on the role, the database, the server or the connection's options); raise it or remove it for the ledger's role (ALTER ROLE … SET statement_timeout)"
            : null;
    }

    private static string HostPort(string server) => server.LastIndexOf('/') is var slash and > 0 ? server[..slash] : server;

    private static string Lowered(string words) => words.Length > 1 && char.IsUpper(words[0]) && char.IsLower(words[1]) ? char.ToLowerInvariant(words[0]) + words[1..] : words;
}
