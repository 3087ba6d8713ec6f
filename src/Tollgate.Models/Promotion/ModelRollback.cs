using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Gates;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Promotion;

/// <summary>
/// <c>tollgate model rollback NAME [--to V] [--exec CMD]</c>: one command back to the previous production version
/// (or V). The hook runs first; only when it succeeds are the stage moves recorded (the live version retired, the
/// target in production), so the ledger never claims a version serves that the serving layer refused. The result is
/// recorded as a verdict (kind <c>model-rollback</c>): pass when rolled back, in the same transaction as the stage
/// moves; fail when the hook failed. A ledger that refuses the record after the hook has moved serving is one line
/// that says so and how to record the move.
/// </summary>
public sealed class ModelRollback(IModelRegistry registry)
{
    public const string Kind = "model-rollback";

    public async Task<Report> RunAsync(string model, string? to, string? exec, TimeSpan timeout, TextWriter log, GateContext context, string actor = "", string reasonPrefix = "rolled back")
    {
        var name = ModelRef.NameOnly(model, (n, v) => $"to roll back to that version, run tollgate model rollback {n} --to {v}");
        var events = await registry.StagesAsync(name, context.Cancellation);
        await ModelRef.RequireKnownAsync(registry, name, events, context.Cancellation);
        var line = ProductionLine.At(events, context.Clock.GetUtcNow());
        var live = line.Live ?? throw new InvalidInputException($"{name} has no version in production: nothing to roll back");
        var target = to ?? line.Previous ?? throw new InvalidInputException($"{ProductionLine.NoPrevious(events, name, live)}: nothing to roll back to (name one with --to)");
        if (target == live)
        {
            throw new InvalidInputException($"{name}@{target} is already in production");
        }

        if (await registry.FindAsync(name, target, context.Cancellation) is null && events.All(e => e.Version != target))
        {
            throw new InvalidInputException($"{name}@{target} is neither registered nor ever staged: cannot roll back to it");
        }

        // A rollback returns to a version that served; one that never did is a promotion, with its KPI gate.
        if (!events.Any(e => e.Version == target && e.Stage == ModelStages.Production && e.At <= context.Clock.GetUtcNow()))
        {
            throw new InvalidInputException($"{name}@{target} was never in production: a rollback returns to a version that served before; to put it in production, promote it (tollgate model promote {name}@{target} --kpi SPEC)");
        }

        // The hook serves what the registry recorded, checked first: an artifact gone or changed stops it before anything moves.
        var artifact = exec is null ? null : await ServedArtifact.CheckAsync(registry, name, target, "rollback", context);
        var hook = exec is null ? null : await ServeHook.RunAsync(exec, target, artifact, $"rollback {name}: serve {target}", timeout, log, context.WorkingDirectory, context.Cancellation);
        if (hook is { Succeeded: false })
        {
            return await GatePipeline.RecordAsync(
                Result(name, live, target, Verdict.Fail, $"the rollback hook {hook.Describe()}: {name}@{live} stays in production", hook, context.Clock.GetUtcNow()), context);
        }

        // The stage moves and the verdict saying so are recorded in one transaction: never one without the other.
        var at = context.Clock.GetUtcNow();
        var report = Result(name, live, target, Verdict.Pass, $"{reasonPrefix}: {name}@{target} serves again instead of {live}{(hook is null ? " (no --exec hook: the registry moved, the serving layer is yours to move)" : $"; hook {hook.Describe()}")}", hook, at);
        try
        {
            return await registry.RecordAllAsync("a rollback", [],
            [
                new StageEvent(name, live, ModelStages.Retired, at) { Actor = actor, Reason = $"{reasonPrefix} to {target}" },
                new StageEvent(name, target, ModelStages.Production, at) { Actor = actor, Reason = $"{reasonPrefix} from {live}" },
            ], [], _ => report, StageBasis.Of(name, events), context.Cancellation);
        }
        catch (InvalidInputException e) when (hook is not null && StageBasis.Moved(e))
        {
            // Another writer moved production after this rollback read it: what the ledger shows now is theirs.
            throw new InvalidInputException(
                $"{e.Message}; the hook already serves {name}@{target}: if that should stand, run tollgate model rollback {name} --to {target} without --exec", e);
        }
        catch (InvalidInputException e) when (hook is not null)
        {
            // The serving layer has moved and the ledger did not follow: say which is which and how to reconcile them.
            throw new InvalidInputException(
                $"{e.Message}; the hook already serves {name}@{target} while the ledger still shows {name}@{live} in production: once the ledger records again, run tollgate model rollback {name} --to {target} without --exec", e);
        }
    }

    private static Report Result(string name, string from, string to, Verdict verdict, string reason, Delivery.Running.CommandResult? hook, DateTimeOffset at) =>
        new(Kind, $"{name}@{from} → {to}", Digest(name, from, to, hook, at), verdict, hook?.ExitCode is { } exit ? [new("hookExit", exit)] : [], [])
        {
            Reason = reason,
            Facts = [new("from", from), new("to", to), .. hook is null ? [] : new KeyValuePair<string, string>[] { new("hook", hook.Command), new("hook output", hook.OutputTail) }],
        };

    /// <summary>What decided the rollback: the move (model, from, to), the hook as run and how it ended, and when.</summary>
    private static string Digest(string name, string from, string to, Delivery.Running.CommandResult? hook, DateTimeOffset at) => ReportDigest.Of(
    [
        Kind, $"model {name}", $"from {from}", $"to {to}",
        hook is null ? "hook (none)" : $"hook {hook.Command}", $"hook exit {hook?.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} timed out {hook?.TimedOut ?? false}",
        $"at {at.ToUnixTimeMilliseconds()}",
    ]);
}
