using System.Diagnostics;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Server.Hosting;
using Tollgate.Server.Observability;
using Tollgate.Server.Specs;

namespace Tollgate.Server.Integrations;

/// <summary>
/// One canary judgement for a controller: the spec's <see cref="CanaryGate"/> with the rollout's hashes and time, timed,
/// counted and logged. The verdict is the gate's; when the gate cannot finish (a request the gate refuses, or the ledger
/// down, while recording or while reading approvals, for any verdict but <c>fail</c>) the answer is a
/// <see cref="Judged.NotJudged"/> reason, which every integration treats as hold. A <c>fail</c> the ledger cannot record
/// is still answered, marked <see cref="Judged.Unrecorded"/>.
/// </summary>
public sealed class CanaryJudging(ServerState state)
{
    /// <summary>
    /// Checks what the request says before judging: a hash that is not a label value, a time that is not one or that
    /// is ahead of <paramref name="now"/> (a window not yet ended) is the caller's error.
    /// </summary>
    public static void Validate(string? stableHash, string? latestHash, string? at, string prefix, DateTimeOffset now, TimeSpan window)
    {
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("stableHash", stableHash), ("latestHash", latestHash)])
        {
            if (value is not null && !GroupSelectors.IsHash(value))
            {
                throw new BadFieldException(prefix + name, $"'{value}' is not a pod-template hash (letters, digits, '-', '_', '.'; at most 63)");
            }
        }

        if (Domain.Inputs.EmptyValue.Is(at))
        {
            throw new BadFieldException(prefix + "at", "must not be empty: give the end of the window judged, or leave it out for now");
        }

        if (at is not null && Rfc3339.NamesNoOffset(at))
        {
            // The command line's --at reads such a time as UTC; a controller's request is RFC 3339, which names its zone.
            throw new BadFieldException(prefix + "at", $"{at.Trim()} names no time-zone offset: RFC 3339 needs one (2026-01-10T10:00:00Z, or +02:00 after the time), else the window judged is read in a zone the sender may not have meant");
        }

        if (at is not null)
        {
            try
            {
                CanaryTime.Ended(at, now, window);
            }
            catch (InvalidInputException e)
            {
                // The field is named apart ("at: …"); the option's name elsewhere in the sentence becomes the field's.
                var said = e.Message.StartsWith("--at ", StringComparison.Ordinal) ? e.Message["--at ".Length..] : e.Message;
                throw new BadFieldException(prefix + "at", said.Replace("--at", "at", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>
    /// A hash the spec's group selectors use (<c>{{stableHash}}</c>, <c>{{latestHash}}</c>) that the request leaves out is
    /// the caller's error, said in the caller's words (<paramref name="where"/>: "the webhook's metadata"), not the
    /// command line's <c>--stable-hash</c>: a canary without it can never be judged.
    /// </summary>
    public static void RequireHashes(ServedSpec spec, string? stableHash, string? latestHash, string prefix, string where)
    {
        foreach (var name in GroupSelectors.Used(spec.Spec))
        {
            var (value, whose) = name == "stableHash" ? (stableHash, "baseline's") : (latestHash, "canary's");
            if (value is null && GroupSelectors.Placeholders.Contains(name))
            {
                throw new BadFieldException(prefix + name, $"the spec {spec.Name} selects by {{{{{name}}}}}: add {name} (the {whose} pod-template hash) to {where}");
            }
        }
    }

    /// <param name="arrived">When the request arrived (<see cref="RequestArrival"/>): the answer budget counts from it; null: from the first ask.</param>
    public async Task<Judged> JudgeAsync(string route, ServedSpec spec, string? stableHash, string? latestHash, string? at, DateTimeOffset? arrived, CancellationToken cancellationToken)
    {
        var request = new CanaryRequest(spec.File)
        {
            StableHash = stableHash, LatestHash = latestHash, At = at, Replay = spec.Replay, Recording = spec.Recording, Budget = state.Options.AnswerBudget, Arrived = arrived,
        };
        var started = Stopwatch.GetTimestamp();
        var budget = state.Options.AnswerBudget;
        var ledger = new RecordAttempt(state.Ledger.Ledger, state.Clock, (arrived ?? state.Clock.GetUtcNow()) + budget, budget);
        try
        {
            // The analysis' existence answers go with its filled spec: its later looks do not ask them again.
            var report = await new CanaryGate(state.Http).RunAsync(spec.Filled(stableHash, latestHash), request with { Presence = spec.Presence(stableHash, latestHash) },
                state.Context(state.Options.WorkingDirectory, cancellationToken) with { Ledger = ledger });
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (ledger.Failed is { } fault)
            {
                if (ledger.StillWriting is { } writing)
                {
                    state.LateRecords.Watch(writing, state.Log, route, spec.Name, report);
                }

                return Unrecorded(route, spec, report, fault, elapsed, ledger.StillWriting is not null);
            }

            state.Metrics.Verdict(report.Kind, Blind(report) ? "not-judged" : report.Verdict.WireName());
            state.Metrics.Judged(report.Kind, elapsed);
            DecisionLog.Decision(state.Log, route, spec.Name, report.Verdict.WireName(), Math.Round(elapsed.TotalMilliseconds, 2), report.Reason);
            return new Judged(report, null);
        }
        catch (InvalidInputException e)
        {
            return NotJudged(route, spec, e.Message);
        }
    }

    /// <summary>
    /// A verdict the ledger could not record. A <c>fail</c> is still answered (roll back: the safe action, which a ledger
    /// outage must not suspend), with the reason saying it was not recorded, logged with the whole verdict so it can be
    /// recorded by hand, and counted apart on <c>/metrics</c>; any other verdict is not judged (a hold: never a promote
    /// without a record).
    /// </summary>
    /// <param name="late">The write is still under way (the answer budget ran out): it may land after the answer.</param>
    private Judged Unrecorded(string route, ServedSpec spec, Report report, InvalidInputException fault, TimeSpan elapsed, bool late)
    {
        if (report.Verdict != Verdict.Fail)
        {
            return NotJudged(route, spec, fault.Message, late ? "not judged, not recorded in time" : "not judged, nothing recorded");
        }

        var unrecorded = report with { Reason = $"{report.Reason}; not recorded: {fault.Message}" };
        state.Metrics.Verdict(report.Kind, report.Verdict.WireName());
        state.Metrics.Unrecorded(report.Kind, report.Verdict.WireName());
        state.Metrics.Judged(report.Kind, elapsed);
        if (late)
        {
            // The write may still land: the report to record by hand is logged only if it fails (LateRecords).
            DecisionLog.UnrecordedInTime(state.Log, route, spec.Name, report.Verdict.WireName(), report.Digest, fault.Message);
        }
        else
        {
            DecisionLog.Unrecorded(state.Log, route, spec.Name, report.Verdict.WireName(), report.Digest, fault.Message, System.Text.Encoding.UTF8.GetString(ReportJson.ToUtf8(report, indented: false)));
        }

        return new Judged(unrecorded, null) { Unrecorded = fault.Message };
    }

    private Judged NotJudged(string route, ServedSpec spec, string why, string said = "not judged, nothing recorded")
    {
        var reason = $"{said}: {why}";
        state.Metrics.Verdict("canary", "not-judged");
        DecisionLog.NotDecided(state.Log, route, spec.Name, reason);
        return new Judged(null, reason);
    }

    /// <summary>
    /// A hold because the metric source did not answer (down, refusing, past the answer budget): the judge was blind, so
    /// it counts as not judged. An answer with warnings was answered and judged: its hold is a hold.
    /// </summary>
    private static bool Blind(Report report) =>
        report.Verdict == Verdict.Hold
        && report.Findings.Any(f => f.Rule == "no-data" && f.Evidence.ContainsKey("source") && !f.Evidence.ContainsKey("status") && !f.Evidence.ContainsKey("warned"));
}
