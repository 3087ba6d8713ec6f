using System.CommandLine;
using System.Globalization;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Cli.Hosting;
using System.Text.RegularExpressions;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Mlflow;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate model import [--mlflow URL|EXPORT] [--name NAME]</c>: MLflow's registry into the ledger, with history from
/// then on. Without <c>--mlflow</c>, the server <c>MLFLOW_TRACKING_URI</c> names (<see cref="MlflowTrackingUri"/>); a
/// server is asked with MLflow's credentials (<see cref="MlflowLogin"/>) and TLS variables (<see cref="MlflowTls"/>).
/// </summary>
public static partial class ModelImportCommand
{
    public static Command Create(CliHost host)
    {
        var mlflow = new Option<string?>("--mlflow") { Description = $"An MLflow tracking server (http[s]://[user:password@]host:port; without them in the URL, {MlflowCredential.UsernameVariable} and {MlflowCredential.PasswordVariable}, else {MlflowCredential.TokenVariable}, are sent; TLS as {MlflowTls.InsecureVariable}, {MlflowTls.ServerCertVariable} and {MlflowTls.ClientCertVariable} say) or an export of its REST answers (JSON file); default: {MlflowTrackingUri.Variable}, an http(s):// one" }.WhenEmpty("give the MLflow server's URL or an export of its answers (JSON file)");
        var name = new Option<string?>("--name") { Description = "Only this registered model" }.RefusedByItsCommand();
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for each MLflow answer: a duration like 30s or 2m, or whole seconds (default 30s)", DefaultValueFactory = _ => "30s" };
        var common = new CommonOptions();
        var command = new Command("import", "Import registered models, versions, aliases and run lineage from MLflow (REST API 2.0, paged)") { mlflow, name, timeout };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(mlflow);
            var (target, origin) = given is null ? (MlflowTrackingUri.Of(host.Variable), MlflowTrackingUri.Variable) : (given, "--mlflow");
            var only = EmptyValue.Refuse(parse.GetValue(name), "--name", "name the registered model to import, or leave --name out to import every one");
            var remote = target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            var export = Path.GetFullPath(target, host.WorkingDirectory);
            if (!remote && Address().IsMatch(target) && !InputFile.Present(export))
            {
                // mlflow:5000 or grpc://host: a server meant, not a file; anything else is read as an export file, whose
                // problems (missing, a directory, unreadable) are worded as every other input file's.
                throw new InvalidInputException($"--mlflow {PrometheusUrl.RedactText(target)}: not an http(s):// URL of an MLflow tracking server (http://host:port), nor an export file");
            }

            // Checked whatever is read, so a script's value is refused the first time, not when it moves to a server.
            var limit = Limit(parse.GetValue(timeout)!);

            // MLflow's TLS variables are read for a server only: an export file has no certificate to verify.
            using var tls = remote ? MlflowTls.Of(host.Variable, host.WorkingDirectory) : MlflowTls.Default;
            using var http = new HttpClient(tls.Handler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            IMlflowSource source = remote ? Server(http, tls, target, origin, limit, host) : new MlflowExportSource(export, target);
            if (tls.Insecure)
            {
                await host.Error.WriteLineAsync($"tollgate: warning: {MlflowTls.InsecureVariable} is true: the certificate of MLflow at {((MlflowHttpSource)source).Server} is not verified, so anyone on the way can answer for it and read the credentials sent");
            }

            // The subject the report, the output and the ledger name: a server without its credentials, or the export as given.
            var shown = source is MlflowHttpSource server ? server.Server : target;
            // MLflow is read whole before the ledger is opened: an MLflow that fails leaves no ledger behind.
            IReadOnlyList<MlflowModel> read = [];
            return await common.RunGateOnLedgerAsync(parse, host, [],
                (ledger, context) => new MlflowImport(ModelRegistry.Of(ledger)).RecordAsync(read, shown, only, context), cancellationToken,
                prepare: async cancel => read = await new MlflowReader(source).ReadAsync(only, cancel));
        });
        return command;
    }

    /// <summary>
    /// MLflow at <paramref name="target"/> (given as <paramref name="origin"/>), asked with the credentials in its URL or
    /// else those MLflow's variables give (<see cref="MlflowLogin"/>), over <paramref name="tls"/>; every problem with them
    /// is exit 3 before the first request.
    /// </summary>
    private static MlflowHttpSource Server(HttpClient http, MlflowTls tls, string target, string origin, TimeSpan timeout, CliHost host)
    {
        var url = Uri.TryCreate(target.EndsWith('/') ? target : target + "/", UriKind.Absolute, out var u) ? u : throw new InvalidInputException($"{origin} {PrometheusUrl.RedactText(target)} is not a URL");
        return new MlflowHttpSource(http, url, timeout, MlflowLogin.Of(url, origin, host.Variable), tls);
    }

    /// <summary>
    /// <c>--timeout</c> as the other commands take it (<c>30s</c>, <c>2m</c>), or whole seconds as it was first given
    /// (<c>30</c>), from a second to a day.
    /// </summary>
    private static TimeSpan Limit(string text)
    {
        var limit = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, -1, 86_401))
            : PromDuration.Parse(text, "--timeout");
        return limit >= TimeSpan.FromSeconds(1) && limit <= TimeSpan.FromDays(1)
            ? limit
            : throw new InvalidInputException($"--timeout {text} is out of range: from 1s to 1d (a whole number is seconds, 1 to 86400)");
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]*://|[^/\\:]+:[0-9]+(/|$))")]
    private static partial Regex Address();
}
