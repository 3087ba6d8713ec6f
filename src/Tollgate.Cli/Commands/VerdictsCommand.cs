using System.CommandLine;
using System.Globalization;
using System.Text;
using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
using Tollgate.Ledger.Verdicts;
using Tollgate.Yaml;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate verdicts [ID] [--kind K] [--subject S] [--verdict V] [--from T] [--to T] [--limit N] [--cursor C]</c>:
/// what the ledger recorded, newest first, as <c>GET /api/v1/verdicts</c> lists it (the same filters, pages and JSON);
/// with an id, that verdict with its findings and the approvals it was judged with. A query, not a gate: exit 0 with what it found, 3 for bad input.
/// </summary>
public static class VerdictsCommand
{
    public static Command Create(CliHost host)
    {
        var id = new Argument<string?>("ID") { Description = "One verdict's id, shown with its findings (default: list them)", Arity = ArgumentArity.ZeroOrOne }
            .WhenEmpty("give a verdict's id, or leave it out to list verdicts");
        var kind = new Option<string?>("--kind") { Description = "Only this kind of report: terraform-plan, canary, k8s-lint, model-promote, deploy, …" }.WhenEmpty("give a report kind such as terraform-plan, or leave --kind out");
        var subject = new Option<string?>("--subject") { Description = "Only this subject, exactly as recorded (a plan's path, a spec, fraud@3 → production)" }.WhenEmpty("give the subject as recorded, or leave --subject out");
        var verdict = new Option<string?>("--verdict") { Description = "Only pass, fail, review or hold" }.WhenEmpty("give pass, fail, review or hold, or leave --verdict out");
        var from = new TimeOption("--from", "Recorded at or after: RFC 3339 (UTC when it names no offset) or Unix seconds");
        var to = new TimeOption("--to", "Recorded before: RFC 3339 (UTC when it names no offset) or Unix seconds");
        var limit = new Option<int?>("--limit") { Description = $"At most this many, 1 to {VerdictQuery.MaxLimit} (default {VerdictQuery.DefaultLimit})" };
        var cursor = new Option<long?>("--cursor") { Description = "The next page: the cursor the previous page printed" };
        var query = new ModelQueryOptions();
        var command = new Command("verdicts", "What the ledger recorded, newest first: filter by kind, subject, verdict and time; one verdict with its findings by id")
        {
            id, kind, subject, verdict, from.Option, to.Option, limit, cursor,
        };
        query.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = query.Json(parse);
            if (parse.GetValue(id) is { } text)
            {
                var listing = new Option[] { kind, subject, verdict, from.Option, to.Option, limit, cursor }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
                var number = long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                    : throw new InvalidInputException($"ID {text}: not a verdict id (a whole number, as tollgate verdicts lists them)");
                if (listing.Count > 0)
                {
                    throw new InvalidInputException($"{string.Join(", ", listing)} filter{(listing.Count == 1 ? "s" : "")} a list: give them without an ID, or the ID alone");
                }

                return await query.WithLedgerAsync(parse, host, async ledger =>
                {
                    var entry = await LedgerViews.Verdicts(ledger).FindAsync(number, cancellationToken) ?? throw new InvalidInputException($"no verdict {number} is recorded in this ledger");
                    var approvals = VerdictJson.ApprovedBy(entry, await ledger.ApprovalsForAsync(entry.Digest, cancellationToken));
                    await query.WriteAsync(parse, host, json ? Encoding.UTF8.GetString(VerdictJson.Entry(entry, approvals, indented: true)) + "\n" : VerdictText.One(entry, approvals), cancellationToken);
                    return 0;
                }, cancellationToken);
            }

            var page = parse.GetValue(limit) ?? VerdictQuery.DefaultLimit;
            if (page is < 1 or > VerdictQuery.MaxLimit)
            {
                throw new InvalidInputException($"--limit {page}: expected a whole number from 1 to {VerdictQuery.MaxLimit}");
            }

            var filter = new VerdictQuery(page + 1)
            {
                Kind = parse.GetValue(kind) is { } k ? VerdictQuery.KindNamed(k) ?? throw new InvalidInputException($"--kind: {VerdictQuery.NotAKind(k, KeySuggestion.For)}") : null,
                Subject = parse.GetValue(subject),
                Verdict = parse.GetValue(verdict) is { } v ? VerdictQuery.VerdictNamed(v) ?? throw new InvalidInputException($"--verdict: {VerdictQuery.NotAVerdict(v, KeySuggestion.For)}") : null,
                From = from.ValueOf(parse),
                To = to.ValueOf(parse),
                Before = parse.GetValue(cursor),
            };
            if (filter.From is { } start && filter.To is { } end && start > end)
            {
                throw new InvalidInputException($"--from {from.TextOf(parse)!.Trim()} is after --to {to.TextOf(parse)!.Trim()}: no verdict can be in that window");
            }

            return await query.WithLedgerAsync(parse, host, async ledger =>
            {
                var rows = await LedgerViews.Verdicts(ledger).ListAsync(filter, cancellationToken);
                from.WriteNote(parse, host);
                to.WriteNote(parse, host);
                await query.WriteAsync(parse, host, json ? Encoding.UTF8.GetString(VerdictJson.Page(rows, page, indented: true)) + "\n" : VerdictText.Page(rows, page), cancellationToken);
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
