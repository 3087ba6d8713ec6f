using System.Globalization;
using Npgsql;
using Tollgate.Domain;

namespace Tollgate.Ledger;

/// <summary>
/// The libpq URL query parameters a ledger URL may carry, mapped onto Npgsql's settings. An unknown parameter is an
/// error rather than silently ignored: a misspelt <c>sslmode</c> must not quietly connect in clear text.
/// </summary>
internal static class PostgresUrlParameters
{
    public const string Known = "sslmode, sslrootcert, sslcert, sslkey, connect_timeout, command_timeout, application_name, target_session_attrs, options, host, port, user, password, dbname, search_path";

    public static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = SslModeOf(value);
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            case "connect_timeout":
                builder.Timeout = Number(key, value);
                break;
            case "command_timeout":
                builder.CommandTimeout = Number(key, value); // not libpq's: Npgsql's Command Timeout, seconds a statement may take (0: no limit)
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "target_session_attrs":
                builder.TargetSessionAttributes = value;
                break;
            case "options":
                builder.Options = value;
                break;
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = Number(key, value);
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname":
                builder.Database = value;
                break;
            case "search_path":
                builder.SearchPath = value;
                break;
            default:
                throw new InvalidInputException($"the PostgreSQL ledger URL has an unknown parameter '{key}': known are {Known}");
        }
    }

    private static SslMode SslModeOf(string value) => value.ToLowerInvariant() switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw new InvalidInputException($"the PostgreSQL ledger URL has sslmode '{value}': expected disable, allow, prefer, require, verify-ca or verify-full"),
    };

    private static int Number(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidInputException($"the PostgreSQL ledger URL has {key}='{value}': expected a whole number");
}
