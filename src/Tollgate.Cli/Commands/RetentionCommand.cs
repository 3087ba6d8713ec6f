using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Events;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate retention plan|apply --registry URL --repository NAME --keep N [--username U --password-stdin]</c>: prunes an
/// OCI repository without ever going below the N+2 floor per environment from the ledger's deploy history; apply refuses
/// (rule <c>retention-floor</c>, exit 1). The registry login is <c>--username</c>'s or the one container tools stored.
/// </summary>
public static class RetentionCommand
{
    public static Command Create(CliHost host) => new("retention", "Prune old artifacts of an OCI repository, never below the N+2 rollback floor")
    {
        Sub(host, apply: false),
        Sub(host, apply: true),
    };

    private static Command Sub(CliHost host, bool apply)
    {
        var registry = new Option<string>("--registry") { Description = "Registry base URL, e.g. https://registry.example.com", Required = true }.RefusedByItsCommand();
        var repository = new Option<string>("--repository") { Description = "Repository name, e.g. shop/checkout", Required = true }.RefusedByItsCommand();
        var keep = new Option<int>("--keep") { Description = "Also keep the newest N tags (by image creation time)", Required = true };
        var service = new Option<string?>("--service") { Description = "Service whose deploys set the floor (default: the repository's last path segment)" }.RefusedByItsCommand();
        var username = new Option<string?>("--username")
        {
            Description = $"Log in as this user, the password from --password-stdin or {PasswordVariable} (default: the login docker, podman or skopeo stored)",
        };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password for --username from standard input" };
        var common = new CommonOptions();
        var command = new Command(apply ? "apply" : "plan", apply ? "Delete what the plan deletes, unless the floor refuses" : "Show what would be kept and deleted, and why")
        {
            registry, repository, keep, service, username, passwordStdin,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = Uri.TryCreate(parse.GetValue(registry), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u
                : throw new InvalidInputException(parse.GetValue(registry) is { Length: > 0 } written
                    ? $"--registry {Canary.Sources.PrometheusUrl.RedactText(written)} is not an http(s) URL"
                    : EmptyValue.Error("--registry", "give the registry's URL, e.g. https://registry.example.com").Message);
            var name = RepositoryName.Parse(parse.GetValue(repository)!);
            var count = parse.GetValue(keep) is var k and >= 0 ? k : throw new InvalidInputException("--keep must be 0 or more");
            var serviceName = EmptyValue.Refuse(parse.GetValue(service), "--service", "name the service whose deploys set the floor, or leave --service out for the repository's last path segment") ?? CdEventReader.ServiceName(name);
            var credential = await CredentialAsync(host, parse.GetValue(username), parse.GetValue(passwordStdin), cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var table = parse.GetValue(common.Format) == ReportFormat.Text;
            var text = "";
            var verdict = Verdict.Pass;
            var exit = await common.RunGateOnLedgerAsync(parse, host, [], async (ledger, context) =>
            {
                var store = DeliveryStore.Of(ledger);
                if (parse.GetValue(service) is not null)
                {
                    await KnownServiceAsync(store, serviceName, cancellationToken); // before the registry is asked
                }

                var login = new RegistryLogin(http, credential, host.Variable, delete: apply, host.Clock);
                var gate = new RetentionGate(new OciRegistry(http, url, login), store);
                var (report, plan) = await gate.RunAsync(name, serviceName, count, $"{url.Authority}{url.AbsolutePath.TrimEnd('/')}/{name}", apply, context);
                (text, verdict) = (RetentionReport.Text(plan, report, apply), report.Verdict);
                return report;
            }, cancellationToken, render: !table, existing: true);
            if (!table)
            {
                return exit;
            }

            var path = parse.GetValue(common.Output) is { } file ? Path.GetFullPath(file.ToString(), host.WorkingDirectory) : null;
            await RecordedReport.DeliverAsync(verdict, path, () => path is null
                ? host.Out.WriteAsync(text)
                : OutputFile.WriteTextAsync(path, text, "the report", cancellationToken));
            return exit;
        });
        return command;
    }

    private const string PasswordVariable = Processes.SecretVariables.RegistryPassword;

    /// <summary>
    /// A <c>--service</c> the ledger has no deploy of is bad input, worded as <c>dora --service</c> and <c>deploy finish</c>
    /// word it (<see cref="UnknownTarget"/>: the near miss, else the services deployed): a typo would otherwise read as a
    /// floor nobody can compute. An empty ledger, and the default (the repository's last segment), are left to the plan's
    /// <c>retention-floor</c> finding.
    /// </summary>
    private static async Task KnownServiceAsync(IDeliveryStore store, string service, CancellationToken cancellationToken)
    {
        var targets = await store.TargetsAsync(cancellationToken);
        if (targets.Count > 0 && UnknownTarget.Explain(service, null, targets) is { } unknown)
        {
            throw new InvalidInputException($"no N+2 floor for --service {service}: {unknown}");
        }
    }

    /// <summary>
    /// The login <c>--username</c> names, its password from standard input or <see cref="PasswordVariable"/> (never an
    /// argument, which other users can read in the process list); null without <c>--username</c>: the auth files then.
    /// </summary>
    private static async Task<RegistryCredential?> CredentialAsync(CliHost host, string? username, bool fromStdin, CancellationToken cancellationToken)
    {
        if (username is null)
        {
            return fromStdin ? throw new InvalidInputException("--password-stdin needs --username: the password is for that user") : null;
        }

        if (username.Length == 0 || username.Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidInputException($"--username '{username}' is not a user name (empty, or with a ':')");
        }

        if (!fromStdin)
        {
            return host.Variable(PasswordVariable) is { Length: > 0 } variable
                ? RegistryCredential.Password(username, variable, $"--username with {PasswordVariable}")
                : throw new InvalidInputException($"--username {username} needs its password from --password-stdin or the {PasswordVariable} variable (never on the command line)");
        }

        using var reader = new StreamReader(host.OpenInput());
        var password = (await reader.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n');
        return password.Length > 0
            ? RegistryCredential.Password(username, password, "--username with --password-stdin")
            : throw new InvalidInputException("--password-stdin: standard input is empty; pipe the password in (printf %s \"$PASSWORD\" | tollgate retention …)");
    }
}
