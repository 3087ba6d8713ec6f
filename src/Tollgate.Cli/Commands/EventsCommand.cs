using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Delivery.Events;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Reports;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate events ingest FILE|-</c>: records CDEvents and GitHub deployment payloads; the same event id is recorded
/// once. Names new to the ledger that nearly duplicate others are one warning line, never a refusal (<see cref="IngestedNames"/>).
/// </summary>
public static class EventsCommand
{
    /// <summary>How <c>events ingest -</c> names what it read, in its errors and its count line.</summary>
    private const string StandardInput = "standard input";

    public static Command Create(CliHost host)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CDEvents (one JSON object per line, or a JSON array), CloudEvents carrying them, GitHub deployment payloads; - reads standard input" }.WhenEmpty("give the events file");
        var ledger = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" }.RefusedByItsCommand();
        var timings = new Option<bool>("--timings") { Description = "Also print on stderr where the time went: read, parse (summed over the pieces parsed in parallel), wait, write, index, days, commit" };
        var ingest = new Command("ingest", "Record deploy, incident and change events in the ledger (all of the file or, on a bad event, none)") { file, ledger, timings };
        ingest.SetAction(async (parse, cancellationToken) =>
        {
            // "-" is standard input, never a file named "-" in the working directory (as plan - and k8s lint - read it).
            var stdin = parse.GetValue(file)!.ToString() == "-";
            var path = Path.GetFullPath(parse.GetValue(file)!.ToString(), host.WorkingDirectory);
            var events = stdin // every failure to read the file is one line before a ledger is opened
                ? EventStream.ReadStandardInput(host.OpenInput, StandardInput, host.Clock)
                : EventStream.Read(path, host.Clock);
            var names = new IngestedNames();
            IReadOnlyList<DeployTarget> before = [];
            async Task<IngestCounts?> IngestAsync(ILedger into) =>
                await DeliveryStore.Of(into).RecordAsync(names.Noting(events.Batches(cancellationToken), cancellationToken), events.Lines, events.Stages, cancellationToken);

            // A new SQLite ledger is built aside and moved into place once the whole file is recorded: a bad line far into
            // the file (found while the lines before it are written) leaves no ledger behind. Into an existing one, the
            // batch's one transaction records nothing of a refused file.
            var fresh = LedgerLocation.AbsentSqlitePath(parse.GetValue(ledger), host.WorkingDirectory);
            var (placed, counts) = fresh is null ? (false, null) : await NewLedger.BuildAsync<IngestCounts?>(fresh, host.Clock, IngestAsync, cancellationToken);
            if (!placed)
            {
                if (fresh is not null)
                {
                    // another process made the ledger while this one built it: record into that one
                    events = stdin ? events.Again(host.Clock) : EventStream.Read(path, host.Clock);
                }

                await using var opened = await LedgerLocation.OpenAsync(parse.GetValue(ledger), host.WorkingDirectory, host.Clock, cancellationToken);
                before = await DeliveryStore.Of(opened).TargetsAsync(cancellationToken);
                counts = await IngestAsync(opened);
            }

            await host.Out.WriteLineAsync(
                $"{(stdin ? StandardInput : TextSafe.Line(parse.GetValue(file)!.ToString()))}: {counts!.Recorded} recorded, {counts.Duplicates} already recorded, {events.Ignored} not delivery events"
                + (counts.Unmatched > 0 ? $", {counts.Unmatched} naming a deploy or incident not in the ledger" : ""));
            if (names.Warning(before) is { } warning)
            {
                await host.Error.WriteLineAsync("tollgate: warning: " + TextSafe.Line(warning));
            }

            if (parse.GetValue(timings))
            {
                await host.Error.WriteLineAsync($"timings: {events.Stages}");
            }

            return 0;
        });
        return new Command("events", "Ingest delivery events (CDEvents, GitHub deployments)") { ingest };
    }
}
