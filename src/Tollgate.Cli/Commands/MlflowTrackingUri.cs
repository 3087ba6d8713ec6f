using System.Text.RegularExpressions;
using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Cli.Commands;

/// <summary>
/// Where <c>model import</c> reads MLflow when <c>--mlflow</c> is left out: <c>MLFLOW_TRACKING_URI</c>, as MLflow's own
/// clients do (an empty one is unset). Only a tracking server (<c>http://</c>, <c>https://</c>) can be imported from;
/// the other stores the variable may name (a local <c>./mlruns</c> or <c>file:</c> store, a database URI such as
/// <c>sqlite:///mlflow.db</c>, <c>databricks</c>) are exit 3 saying what is supported, never read as an export file:
/// that is <c>--mlflow FILE</c>'s meaning, not MLflow's.
/// </summary>
internal static partial class MlflowTrackingUri
{
    public const string Variable = "MLFLOW_TRACKING_URI";

    /// <summary>The tracking server's URL from <c>MLFLOW_TRACKING_URI</c>; neither it nor <c>--mlflow</c> given is an input error naming both.</summary>
    public static string Of(Func<string, string?> variable)
    {
        if (variable(Variable) is not { Length: > 0 } uri)
        {
            throw new InvalidInputException($"no MLflow to import from: give --mlflow URL|EXPORT, or set {Variable} to the tracking server's http(s):// URL");
        }

        var scheme = Scheme().Match(uri) is { Success: true } m ? m.Groups[1].Value.ToLowerInvariant() : null;
        if (scheme is "http" or "https")
        {
            return uri;
        }

        var kind = scheme switch
        {
            _ when uri.StartsWith("databricks", StringComparison.OrdinalIgnoreCase) || scheme == "uc" => "a Databricks workspace",
            null or "file" => "a local file store",
            _ when Database().IsMatch(scheme) => "a database store",
            _ => "not an http(s):// URL",
        };
        throw new InvalidInputException($"{Variable} {PrometheusUrl.RedactText(uri)} is {kind}, which model import cannot read: only an MLflow tracking server is (http://host:port or https://host); set {Variable} to one, or give --mlflow URL|EXPORT");
    }

    /// <summary>A URI's scheme, two letters at least (<c>C:\mlruns</c> is a path).</summary>
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]+):")]
    private static partial Regex Scheme();

    /// <summary>SQLAlchemy's dialects MLflow stores runs in, with a driver or not (<c>postgresql+psycopg2</c>).</summary>
    [GeneratedRegex(@"^(sqlite|postgresql|postgres|mysql|mssql|oracle)(\+.*)?$")]
    private static partial Regex Database();
}
