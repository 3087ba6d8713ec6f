using System.Diagnostics;
using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Gates;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Promotion;

/// <summary>
/// <c>tollgate model drill NAME --exec CMD [--check CMD]</c>: rehearses the rollback path for real: serve the previous
/// production version through the hook, run the check against it, serve the live version again, check again; timed,
/// recorded as a drill of <c>model:NAME</c> (so <c>drill-stale</c> on promote and <c>tollgate drill status</c> see it),
/// and the stage moves recorded as they happened. A failed forward step leaves the old version in production, and
/// the ledger says so. A ledger that refuses a stage move stops the drill with one line; refused after the roll back,
/// the live version is served again first, so the serving layer and the ledger agree, unless the refusal is another
/// run's stage move, when what the ledger now shows in production is served instead. The drill and its verdict are
/// recorded in one transaction (<see cref="IModelRegistry.RecordDrillAsync"/>): a ledger that refuses either records
/// neither, and its one line says how the drill ended and how to record it.
/// </summary>
public sealed class ModelDrill(IModelRegistry registry)
{
    public const string Kind = "model-drill";

    public static string Service(string model) => "model:" + model;

    public async Task<Report> RunAsync(string model, string exec, string? check, TimeSpan timeout, TextWriter log, GateContext context, string actor = "")
    {
        var name = ModelRef.NameOnly(model, (n, _) => $"a drill rehearses the rollback from the version in production to the one before: tollgate model drill {n} --exec CMD");
        var started = context.Clock.GetUtcNow();
        var events = await registry.StagesAsync(name, context.Cancellation);
        await ModelRef.RequireKnownAsync(registry, name, events, context.Cancellation);
        var line = ProductionLine.At(events, started);
        var live = line.Live ?? throw new InvalidInputException($"{name} has no version in production: nothing to drill");
        var previous = line.Previous ?? throw new InvalidInputException($"{ProductionLine.NoPrevious(events, name, live)}: there is no rollback path to drill yet");
        // Both versions are served by the drill: their artifacts are checked against the registry before the first step.
        var previousArtifact = await ServedArtifact.CheckAsync(registry, name, previous, "drill", context);
        var liveArtifact = await ServedArtifact.CheckAsync(registry, name, live, "drill", context);
        var watch = Stopwatch.StartNew();
        var steps = new List<(string Name, CommandResult Result)>();
        async Task<bool> Step(string step, ShellScript command)
        {
            await log.WriteLineAsync($"drill {name}: {step}: {TextSafe.Line(command.Shown)}");
            var result = await ShellCommand.RunAsync(command, timeout, log, context.WorkingDirectory, context.Cancellation);
            steps.Add((step, result));
            return result.Succeeded;
        }

        // Each move only from the line the drill read (its own first move included): a promotion or rollback meanwhile stops it.
        var basis = StageBasis.Of(name, events);
        async Task Move(string from, string to, string why)
        {
            await registry.RecordStagesAsync(
            [
                new StageEvent(name, from, ModelStages.Retired, context.Clock.GetUtcNow()) { Actor = actor, Reason = why },
                new StageEvent(name, to, ModelStages.Production, context.Clock.GetUtcNow()) { Actor = actor, Reason = why },
            ], basis, context.Cancellation);
            basis = basis with { Count = basis.Count + 2 };
        }

        bool? liveChecked = null;
        var forward = false;
        var ok = await Step($"serve {previous}", ServeHook.Command(exec, previous, previousArtifact));
        if (ok)
        {
            if (await RefusedAsync(() => Move(live, previous, $"drill: rolled back to {previous}")) is { } refused)
            {
                // Another run's move in between (an on-call rollback): serving follows the ledger's production now, never the drill's plan.
                if (StageBasis.Moved(refused))
                {
                    throw new InvalidInputException(refused.Message + "; the drill stopped: " + await FollowLedgerAsync(previous), refused);
                }

                // Serving moved and the ledger did not follow: serve the live version again before stopping, so both agree.
                var back = await Step($"serve {live}", ServeHook.Command(exec, live, liveArtifact));
                throw new InvalidInputException(refused.Message + "; the drill stopped: " + (back
                    ? $"{name}@{live} is served again, as the ledger shows"
                    : $"serving {live} again failed ({steps[^1].Result.Describe()}): {name}@{previous} is served while the ledger shows {name}@{live} in production"), refused);
            }

            if (check is not null)
            {
                ok = await Step($"check {previous}", ServeHook.Command(check, previous, previousArtifact));
            }

            forward = await Step($"serve {live}", ServeHook.Command(exec, live, liveArtifact));
            if (forward)
            {
                if (await RefusedAsync(() => Move(previous, live, $"drill: rolled forward to {live}")) is { } unrecorded)
                {
                    throw new InvalidInputException(StageBasis.Moved(unrecorded)
                        ? $"{unrecorded.Message}; the drill stopped: {await FollowLedgerAsync(live)}"
                        : $"{unrecorded.Message}; the drill stopped: {name}@{live} is served again while the ledger shows {name}@{previous} in production: once the ledger records again, run tollgate model rollback {name} --to {live} without --exec", unrecorded);
                }

                // Checked even when the old version's check failed: after a failed drill, whether the live version serves matters most.
                if (check is not null)
                {
                    liveChecked = await Step($"check {live}", ServeHook.Command(check, live, liveArtifact));
                }
            }

            ok = ok && forward && liveChecked != false;
        }

        // Another run moved production while the drill ran: the ledger (read again) says what serves now. The drill's
        // last step served `served`; the ledger's production is served instead when it differs, and the line says what
        // serves against what the ledger shows, with the one command that makes them agree when they do not.
        async Task<string> FollowLedgerAsync(string served)
        {
            var current = ProductionLine.At(await registry.StagesAsync(name, context.Cancellation), context.Clock.GetUtcNow()).Live;
            if (current is null)
            {
                return $"{name}@{served} is served while the ledger shows no version of {name} in production (tollgate model live {name}): stop serving it, or record it with tollgate model rollback {name} --to {served}";
            }

            if (current == served)
            {
                return $"{name}@{served} is served, as the ledger shows after another run's move (tollgate model live {name})";
            }

            ShellScript command;
            try
            {
                command = ServeHook.Command(exec, current, await ServedArtifact.CheckAsync(registry, name, current, "drill", context));
            }
            catch (InvalidInputException e)
            {
                return $"{name}@{served} is served while the ledger shows {name}@{current} in production after another run's move, and it was not served: {e.Message}";
            }

            if (!await Step($"serve {current}", command))
            {
                return $"serving {current}, the ledger's production after another run's move, failed ({steps[^1].Result.Describe()}): {name}@{served} may still be served while the ledger shows {name}@{current}; make them agree: {TextSafe.Line(command.Shown)}";
            }

            var after = ProductionLine.At(await registry.StagesAsync(name, context.Cancellation), context.Clock.GetUtcNow()).Live;
            return after == current
                ? $"{name}@{current} is served, as the ledger shows after another run's move (tollgate model live {name}); the drill's {name}@{served} no longer is"
                : $"{name}@{current} is served, but the ledger moved again meanwhile and shows {(after is null ? "no version" : $"{name}@{after}")} in production (tollgate model live {name}): make the serving layer follow it";
        }

        static async Task<InvalidInputException?> RefusedAsync(Func<Task> record)
        {
            try
            {
                await record();
                return null;
            }
            catch (InvalidInputException e)
            {
                return e;
            }
        }

        var detail = string.Join("; ", steps.Select(s => $"{s.Name} {s.Result.Describe()}"));
        var drill = new Drill(Service(name), ok, watch.Elapsed, started) { Detail = detail };
        var now = ProductionLine.At(await registry.StagesAsync(name, context.Cancellation), context.Clock.GetUtcNow()).Live;
        // What decided the drill: the versions, the hooks as given, each step as it ended, and when it started.
        var digest = ReportDigest.Of(
        [
            Kind, $"model {name}", $"live {live}", $"previous {previous}", $"exec {exec}", $"check {check ?? "(none)"}", $"started {started.ToUnixTimeMilliseconds()}",
            .. steps.Select(s => $"step {s.Name}: {s.Result.Command}: exit {s.Result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} timed out {s.Result.TimedOut}"),
        ]);
        var report = new Report(Kind, $"{name}: {live} → {previous} → {live}", digest, ok ? Verdict.Pass : Verdict.Fail,
            [new("steps", steps.Count), new("failed", steps.Count(s => !s.Result.Succeeded)), new("milliseconds", (long)watch.Elapsed.TotalMilliseconds)], [])
        {
            Reason = ok
                ? $"rollback drill of {name} ok in {watch.Elapsed.TotalSeconds:0.#} s: {previous} served{(check is null ? "" : " and checked")}, {live} served again{(check is null ? " (no --check: nothing was asked of either)" : " and checked")}"
                : $"rollback drill of {name} FAILED ({detail}); {name}@{now} is in production now{Forward(forward && now == live, liveChecked)}",
            Facts = [.. steps.Select(s => new KeyValuePair<string, string>(s.Name, s.Result.Describe()))],
            TextFacts = steps.Count,
        };
        try
        {
            await registry.RecordDrillAsync(drill, report, context.Cancellation);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{e.Message}; {Unrecorded(drill, name, now)}", e);
        }

        return report;
    }

    // What was asked of the live version once served again: the failed drill's line says it rather than implying it serves well.
    private static string Forward(bool servedAgain, bool? isChecked) => !servedAgain ? ""
        : isChecked switch { true => ", served again and checked", false => ", served again, and its check FAILED", null => ", served again (no --check: not checked)" };

    // What a refused record leaves: the drill ran and its stage moves are in the ledger, the drill and its verdict are
    // not; `tollgate drill record` records the drill so drill-stale sees it (or the drill is run again).
    private static string Unrecorded(Drill drill, string name, string? live) =>
        $"the drill {(drill.Ok ? "passed" : "FAILED")} and its stage moves are recorded ({name}@{live ?? "(none)"} in production), but neither the drill nor its verdict: "
        + $"once the ledger records again, run tollgate drill record {drill.Service} --result {(drill.Ok ? "ok" : "failed")} --duration {(long)drill.Duration!.Value.TotalMilliseconds}ms "
        + $"--at {Rfc3339.Format(drill.At)} (or drill again)";
}
