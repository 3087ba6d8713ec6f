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
/// PostgreSQL at HOST:PORT was lost: broken pipe".
/// </summary>
internal static class PostgresFault
{
    /// <param name="server"><c>host:port/database</c>, as the line names the ledger.</param>
    public static string Cause(NpgsqlException e, string server)
    {
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

    private static string Lowered(string words) => words.Length > 1 && char.IsUpper(words[0]) && char.IsLower(words[1]) ? char.ToLowerInvariant(words[0]) + words[1..] : words;
}
