using System.CommandLine;
using System.Globalization;
using Tollgate.Canary.Sources;
using Tollgate.Delivery.Running;
using Tollgate.Ledger;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The options a user gave, as shell words for the <c>tollgate</c> commands a deploy's output tells them to run: the
/// ledger and policy (without them a pasted command records in a fresh default ledger, and the real one never gets the
/// remediation), and for <c>deploy watch</c> the watch's own options. Credentials (a URL's, a PostgreSQL keyword string's
/// <c>Password=</c>) are shown as <c>***</c>.
/// </summary>
internal static class PrintedOptions
{
    /// <summary><c> --ledger X --policy Y</c> as given (each only when given), or "".</summary>
    public static string Connection(ParseResult parse, CommonOptions common)
    {
        var words = "";
        if (parse.GetValue(common.Ledger) is { Length: > 0 } ledger)
        {
            words += " --ledger " + ShellScript.Word(ShownLedger(ledger));
        }

        if (parse.GetResult(common.Policy) is { Implicit: false } && parse.GetValue(common.Policy) is { } policy)
        {
            words += " --policy " + ShellScript.Word(policy.ToString());
        }

        return words;
    }

    /// <summary>A <c>--ledger</c> value with its password as <c>***</c>: a URL's user information, a keyword string's <c>Password=</c>.</summary>
    internal static string ShownLedger(string ledger) =>
        ledger.Contains("://", StringComparison.Ordinal) ? PrometheusUrl.RedactText(ledger)
        : LedgerLocation.IsPostgres(ledger) ? PostgresConnectionString.Parse(ledger).Scrub(ledger)
        : ledger;

    /// <summary>The <c>tollgate deploy watch</c> command that judges the newest deploy of the service again, with the watch's options as given.</summary>
    public static string Watch(ParseResult parse, DeliveryOptions delivery, string service, string environment, string? rollbackCommand, string connection)
    {
        var words = $"tollgate deploy watch {ShellScript.Word(service)} --env {ShellScript.Word(environment)} --spec {ShellScript.Word(parse.GetValue(delivery.Spec)!.ToString())}";
        foreach (var option in new[] { delivery.Prometheus, delivery.Window, delivery.MaxWait })
        {
            if (parse.GetValue(option) is { } value)
            {
                words += $" {option.Name} " + ShellScript.Word(option == delivery.Prometheus ? PrometheusUrl.RedactText(value) : value);
            }
        }

        if (parse.GetResult(delivery.ErrorLimit) is { Implicit: false })
        {
            words += " --error-limit " + parse.GetValue(delivery.ErrorLimit).ToString(CultureInfo.InvariantCulture);
        }

        if (rollbackCommand is not null)
        {
            words += " --rollback-cmd " + ShellScript.Word(rollbackCommand) + " --timeout " + ShellScript.Word(parse.GetValue(delivery.Timeout)!);
        }

        return words + connection;
    }
}
