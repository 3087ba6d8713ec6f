using System.Globalization;
using Npgsql;
using Tollgate.Domain;

namespace Tollgate.Ledger;

/// <summary>
/// Turns <c>--ledger</c> into an Npgsql connection string. Two forms are accepted: a libpq-style URL
/// (<c>postgres://user:password@host:port/database?sslmode=require</c>, user and password percent-decoded, see
/// https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS) and an Npgsql keyword string
/// (<c>Host=…;Database=…</c>). <see cref="Describe"/> names the server for messages and never includes the password.
/// </summary>
public sealed class PostgresConnectionString
{
    private PostgresConnectionString(NpgsqlConnectionStringBuilder builder, bool url, bool limitWritten)
    {
        Builder = builder;
        _limitWritten = limitWritten;
        Limit = builder.CommandTimeout == NoCommandTimeout
            ? null
            : StatementLimit.Written((url ? "command_timeout=" : "Command Timeout=") + builder.CommandTimeout.ToString(CultureInfo.InvariantCulture), builder.CommandTimeout);
    }

    /// <summary>Whether the connection names a statement limit itself, <c>0</c> (none) included.</summary>
    private readonly bool _limitWritten;

    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>The statement limit the connection sets, named as its form writes it (<c>command_timeout=5</c>, <c>Command Timeout=5</c>); null for none.</summary>
    public StatementLimit? Limit { get; private set; }

    /// <summary>
    /// Bounds each statement by <paramref name="limit"/> when the connection sets no limit of its own (a
    /// <c>command_timeout=0</c> it sets is kept: no limit, asked for); the line for a statement that runs past it says
    /// where it was set as <paramref name="limit"/> does.
    /// </summary>
    internal void BoundUnlessSet(StatementLimit limit)
    {
        if (!_limitWritten)
        {
            Builder.CommandTimeout = limit.Seconds;
            Limit = limit;
        }
    }

    /// <summary><c>host:port/database</c>, for messages.</summary>
    public string Describe() =>
        $"{Builder.Host}{(Builder.Host?.Contains(',', StringComparison.Ordinal) == true ? "" : ":" + Builder.Port.ToString(CultureInfo.InvariantCulture))}/{Builder.Database ?? Builder.Username}";

    /// <summary>Removes the password from a message that might echo it (driver messages should not, but a typo might).</summary>
    public string Scrub(string message) =>
        string.IsNullOrEmpty(Builder.Password) ? message : message.Replace(Builder.Password, "***", StringComparison.Ordinal);

    public static PostgresConnectionString Parse(string connection)
    {
        var url = IsUrl(connection);
        var (builder, limitWritten) = url ? FromUrl(connection) : FromKeywords(connection);
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidInputException("the PostgreSQL ledger connection names no host: give postgres://user:password@host:port/database or Host=…;Database=…");
        }

        builder.ApplicationName ??= "tollgate";
        return new PostgresConnectionString(builder, url, limitWritten);
    }

    /// <summary>
    /// A load's per-day recount runs minutes on a busy server: no statement limit (Npgsql's default is 30 s) unless the
    /// connection sets one (<c>command_timeout=</c> in a URL, <c>Command Timeout=</c> among keywords).
    /// </summary>
    private const int NoCommandTimeout = 0;

    private static bool IsUrl(string connection) =>
        connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The builder, and whether the keywords set a statement limit.</summary>
    private static (NpgsqlConnectionStringBuilder Builder, bool LimitWritten) FromKeywords(string connection)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection }; // the keywords as written
            var written = given.ContainsKey("Command Timeout") || given.ContainsKey("CommandTimeout");
            if (!written)
            {
                builder.CommandTimeout = NoCommandTimeout;
            }

            return (builder, written);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Named by keyword only: the value might be the password.
            var keyword = e is ArgumentException { ParamName: { } name } ? $" for '{name}'" : "";
            throw new InvalidInputException($"the PostgreSQL ledger connection string is not valid: unknown keyword or bad value{keyword} (Npgsql keywords: Host or Server, Port, Database, Username, Password, SSL Mode, …)", e);
        }
    }

    /// <summary>The builder, and whether the URL's parameters set a statement limit.</summary>
    private static (NpgsqlConnectionStringBuilder Builder, bool LimitWritten) FromUrl(string url)
    {
        var written = false;
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        var builder = new NpgsqlConnectionStringBuilder { CommandTimeout = NoCommandTimeout }; // a command_timeout parameter overrides it
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Decode(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..]);
            }

            rest = rest[(at + 1)..];
        }

        var query = "";
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hosts = slash >= 0 ? rest[..slash] : rest;
        if (slash >= 0 && slash < rest.Length - 1)
        {
            builder.Database = Decode(rest[(slash + 1)..]);
        }

        SetHosts(builder, Decode(hosts));
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals >= 0 ? pair[..equals] : pair);
            var value = equals >= 0 ? Decode(pair[(equals + 1)..]) : "";
            PostgresUrlParameters.Apply(builder, key, value);
            written |= key == "command_timeout";
        }

        return (builder, written);
    }

    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string hosts)
    {
        if (hosts.Length == 0)
        {
            return; // ?host=/var/run/postgresql may still name a socket directory
        }

        if (hosts.Contains(',', StringComparison.Ordinal))
        {
            builder.Host = hosts; // Npgsql takes "a:5432,b:5433" for several hosts
            return;
        }

        var portStart = hosts.StartsWith('[') ? hosts.IndexOf("]:", StringComparison.Ordinal) + 1 : hosts.LastIndexOf(':');
        if (portStart <= 0)
        {
            builder.Host = hosts.Trim('[', ']');
            return;
        }

        if (!int.TryParse(hosts[(portStart + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new InvalidInputException($"the PostgreSQL ledger URL has a bad port after host {hosts[..portStart]}: expected postgres://user:password@host:port/database");
        }

        builder.Host = hosts[..portStart].Trim('[', ']');
        builder.Port = port;
    }

    private static string Decode(string part)
    {
        try
        {
            return Uri.UnescapeDataString(part);
        }
        catch (UriFormatException)
        {
            return part;
        }
    }
}
