using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Spec;
using Tollgate.Cli.Reports;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Dora;
using Tollgate.Domain;
using Tollgate.Domain.Dora;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate dora</c>: DORA's five metrics per service and overall from the ledger, definitions stated and switchable.</summary>
public static class DoraCommand
{
    public static Command Create(CliHost host)
    {
        var service = new Option<string?>("--service") { Description = "Only this service" }.WhenEmpty("name the service, or leave --service out for every one");
        var env = new Option<string>("--env") { Description = "Environment whose deploys count (default production; 'all' for every one)", DefaultValueFactory = _ => "production" };
        var from = new TimeOption("--from", "Window start: RFC 3339 (UTC when it names no offset) or Unix seconds (default: 90 days before --to)");
        var to = new TimeOption("--to", "Window end, exclusive: RFC 3339 (UTC when it names no offset) or Unix seconds (default now)");
        var definitions = new Option<string>("--definitions") { Description = "recommended (default), devlake or fourkeys", DefaultValueFactory = _ => "recommended" };
        var median = new Option<string?>("--median") { Description = "interpolated, lower or mean" };
        var recovery = new Option<string?>("--recovery") { Description = "remediation (failed deploy → remediating deploy), resolved (→ incident resolved) or incident (detected → resolved)" };
        var denominator = new Option<string?>("--cfr-denominator") { Description = "all (default) or planned (hotfix and rollback deploys left out)" };
        var year = new Option<int?>("--report-year") { Description = $"DORA report whose levels are used: {string.Join(", ", DoraBenchmarks.Years)}" };
        var linkWindow = new Option<string?>("--link-window") { Description = "How far back an unlinked incident is blamed on the nearest deploy (default 24h)" };
        var format = new Option<string>("--format", "-f") { Description = "text or json", DefaultValueFactory = _ => "text" }.WhenEmpty("give text or json, or leave --format out");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" }.RefusedByItsCommand();
        var command = new Command("dora", "DORA's five metrics per service: deployment frequency, lead time, change failure rate, recovery time, rework rate")
        {
            service, env, from.Option, to.Option, definitions, median, recovery, denominator, year, linkWindow, format, output, ledger,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = Definitions(parse, definitions, median, recovery, denominator, year, linkWindow);
            var end = to.ValueOf(parse) ?? host.Clock.GetUtcNow();
            var start = from.ValueOf(parse) ?? end.AddDays(-90);
            if (start >= end)
            {
                // Said as read: --from 1e10 is Unix seconds in the year 2286, which a user who meant a count of days would not see.
                throw new InvalidInputException($"--from must be before --to: --from is {Rfc3339.Format(start)}, --to {Rfc3339.Format(end)}{(parse.GetValue(to.Option) is null ? " (now)" : "")}");
            }

            var json = parse.GetValue(format)!.ToLowerInvariant() switch
            {
                "json" => true,
                "text" => false,
                var other => throw new InvalidInputException($"tollgate dora has no --format {other}: expected text or json"),
            };
            var environment = parse.GetValue(env) is "all" or "*" ? null : parse.GetValue(env);
            if (parse.GetValue(output) is { } target)
            {
                OutputGuard.Check("--output", target.ToString(), host.WorkingDirectory, [], LedgerLocation.SqliteFile(parse.GetValue(ledger), host.WorkingDirectory), []);
                OutputFile.Check(Path.GetFullPath(target.ToString(), host.WorkingDirectory), "the report");
            }

            await using var opened = await LedgerLocation.OpenForReadingAsync(parse.GetValue(ledger), host.WorkingDirectory, host.Clock, cancellationToken);
            var store = DeliveryStore.Of(opened);
            var targets = await store.TargetsAsync(cancellationToken);

            // A mistyped --service or --env would measure nothing and print a table of zeros, as if nothing had shipped;
            // so would one named on a ledger with no deploy at all. Plain dora (the default --env) on it is a table of zeros.
            if (targets.Count == 0 && parse.GetValue(service) is { } absent)
            {
                throw new InvalidInputException($"nothing to measure: the ledger has no deploy of {absent} (it holds no deploys)");
            }

            if (targets.Count == 0 && environment is not null && parse.GetResult(env) is { Implicit: false })
            {
                throw new InvalidInputException($"nothing to measure: no service has a deploy to {environment} (the ledger holds no deploys)");
            }

            if (targets.Count > 0 && UnknownTarget.Explain(parse.GetValue(service), environment, targets) is { } unknown)
            {
                throw new InvalidInputException($"nothing to measure: {unknown}");
            }

            var result = await DoraQuery.RunAsync(store, parse.GetValue(service), environment, new DoraWindow(start, end), chosen, cancellationToken);
            var text = json ? DoraJson.Serialize(result) : DoraText.Render(result);
            from.WriteNote(parse, host);
            to.WriteNote(parse, host);
            if (parse.GetValue(output) is { } file)
            {
                await OutputFile.WriteTextAsync(Path.GetFullPath(file.ToString(), host.WorkingDirectory), text, "the report", cancellationToken);
                await host.Error.WriteLineAsync($"report written to {file}");
            }
            else
            {
                await host.Out.WriteAsync(text);
            }

            return 0;
        });
        return command;
    }

    private static DoraDefinitions Definitions(
        ParseResult parse, Option<string> preset, Option<string?> median, Option<string?> recovery, Option<string?> denominator, Option<int?> year, Option<string?> linkWindow)
    {
        var chosen = DoraDefinitions.Preset(parse.GetValue(preset)!);
        if (parse.GetValue(median) is { } m)
        {
            chosen = chosen with
            {
                Median = m.ToLowerInvariant() switch
                {
                    "interpolated" => MedianKind.Interpolated,
                    "lower" => MedianKind.Lower,
                    "mean" => MedianKind.Mean,
                    _ => throw new InvalidInputException($"--median {m}: expected interpolated, lower or mean"),
                },
            };
        }

        if (parse.GetValue(recovery) is { } r)
        {
            chosen = chosen with
            {
                Recovery = r.ToLowerInvariant() switch
                {
                    "remediation" => RecoveryClock.DeployToRemediation,
                    "resolved" => RecoveryClock.DeployToResolved,
                    "incident" => RecoveryClock.IncidentDuration,
                    _ => throw new InvalidInputException($"--recovery {r}: expected remediation, resolved or incident"),
                },
            };
        }

        if (parse.GetValue(denominator) is { } d)
        {
            chosen = chosen with
            {
                ExcludeRemediationFromFailureRate = d.ToLowerInvariant() switch
                {
                    "all" => false,
                    "planned" => true,
                    _ => throw new InvalidInputException($"--cfr-denominator {d}: expected all or planned"),
                },
            };
        }

        if (parse.GetValue(year) is { } y)
        {
            DoraBenchmarks.For(y, DoraMetric.DeploymentFrequency);
            chosen = chosen with { ReportYear = y };
        }

        return parse.GetValue(linkWindow) is { } w ? chosen with { IncidentLinkWindow = PromDuration.Parse(w, "--link-window") } : chosen;
    }
}
