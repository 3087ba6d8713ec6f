using System.Text.RegularExpressions;
using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Cli.Commands;

/// <summary>
/// Where <c>model import</c> reads MLflow when <c>--mlflow</c> is left out: <c>MLFLOW_TRACKING_URI</c>, as MLflow's own
/// clients do (an empty one is unset). Only a tracking server (<c>http://</c>, <c>https://</c>) can be imported from;
/// the other stores the variable may name (a local <c>./mlruns</c> or <c>file:</c> store, a database URI such as
/// <c>sqlite:///mlflow.db</c>, <c>databricks</c>) are exit 3 saying what is supported, never read as an export file:
/// that is <c>--mlflow FILE</c>'s meaning, not MLflow's. <c>MLFLOW_REGISTRY_URI</c>, where MLflow's clients send
/// registry calls when it is set, must then be unset or name the same server: import reads the registry and the runs
/// from one, and taking the tracking server's registry for another would import the wrong models without a word.
/// </summary>
internal static partial class MlflowTrackingUri
{
    public const string Variable = "MLFLOW_TRACKING_URI";

    /// <summary>MLflow's variable for a model registry apart from the tracking server.</summary>
    public const string RegistryVariable = "MLFLOW_REGISTRY_URI";

    /// <summary>The tracking server's URL from <c>MLFLOW_TRACKING_URI</c>; neither it nor <c>--mlflow</c> given is an input error naming both.</summary>
    public static string Of(Func<string, string?> variable)
    {
        var registry = variable(RegistryVariable) is { Length: > 0 } set ? set : null;
        if (variable(Variable) is not { Length: > 0 } uri)
        {
            throw new InvalidInputException(registry is null
                ? $"no MLflow to import from: give --mlflow URL|EXPORT, or set {Variable} to the tracking server's http(s):// URL"
                : $"{RegistryVariable} is set but {Variable} is not: model import reads the registry and its runs from one server; give it as --mlflow URL, or set {Variable} to it");
        }

        if (registry is not null && !string.Equals(registry.TrimEnd('/'), uri.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new InvalidInputException($"{RegistryVariable} {PrometheusUrl.RedactText(registry)} is not {Variable} {PrometheusUrl.RedactText(uri)}: model import reads the registry and its runs from one server, and would read {Variable}'s registry, not the one MLflow's clients use; give the server as --mlflow URL");
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
