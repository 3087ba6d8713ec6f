using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Reports;

namespace Tollgate.Canary.Gate;

/// <summary>
/// The canary gate: canary against baseline per slice, from Prometheus or a recording. One evaluation of the window
/// ending at the requested time, or a watch that judges the growing window once per interval until promote, roll
/// back or the deadline. Every look goes through <see cref="GatePipeline"/> (the policy applied, recorded once).
/// </summary>
public sealed class CanaryGate(HttpClient? http = null)
{
    /// <summary>With <c>--watch</c>: where each look goes as a <see cref="CanaryLook"/> (a live display); null writes each as a line to the context's progress.</summary>
    public IProgress<CanaryLook>? Looks { get; init; }

    public Task<Report> RunAsync(CanaryRequest request, GateContext context) =>
        RunAsync(SpecLoader.Load(context.Resolve(request.Spec)) with { Path = request.Spec }, request, context);

    /// <summary>The gate on a spec loaded already (a server loads its specs once, at start).</summary>
    public async Task<Report> RunAsync(CanarySpec loaded, CanaryRequest request, GateContext context)
    {
        NotEmpty(request);
        var spec = GroupSelectors.Fill(loaded, request.StableHash, request.LatestHash);
        if ((request.Replay is not null || request.Recording is not null) && (request.Watch || request.Record is not null))
        {
            throw new InvalidInputException("--replay judges one recorded evaluation: it cannot be combined with --watch or --record");
        }

        // Either would be ignored: a watch judges windows ending as it looks, and only a watch has a deadline.
        if (request.Watch && request.At is not null)
        {
            throw new InvalidInputException("--watch judges the windows that end while it watches: it cannot be combined with --at (judge one past window with --at alone)");
        }

        if (!request.Watch && request.MaxWait is not null)
        {
            throw new InvalidInputException("--max-wait bounds a --watch: give --watch too, or leave --max-wait out for one judgement");
        }

        // A window that has not ended is refused before any query, as deploys refuse a future --at.
        var at = request.At is { } text ? CanaryTime.Ended(text, context.Clock.GetUtcNow(), spec.Window) : (DateTimeOffset?)null;

        // Checked before the source is opened: a watch that cannot keep its deadline sends no query.
        TimeSpan? maxWait = request.Watch ? WatchDeadline.Of(MaxWaitOf(request), spec.Window, spec.Interval, "the spec's window") : null;
        using var owned = http is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
        var recording = request.Recording?.Current();
        var (source, sourceName) = recording is not null
            ? (recording, "replay:" + request.Recording!.Directory)
            : OpenSource(spec, request, owned ?? http!, context);
        // Only the command line's --replay: a served recording (read again as its files change) holds instead.
        if (at is { } asked && request.Replay is not null && request.Recording is null)
        {
            ReplaySource.RequireRecordedTime(context.Resolve(request.Replay), asked, request.At!);
        }

        // A replay is a pure function of its recording: only a live source keeps a host's existence answers between requests.
        var replaying = recording is not null || request.Replay is not null;
        var evaluator = new CanaryEvaluator(spec, source) { MistakesAreErrors = true, SideBySide = true, Presence = replaying ? new() : request.Presence ?? new(), UnrecordedIsInputError = request.Replay is not null && recording is null };
        if (maxWait is { } deadline)
        {
            return await new CanaryWatch(spec, evaluator, sourceName, context, Looks).RunAsync(deadline);
        }

        var end = at is { } ended ? ended
            : recording is not null ? recording.RecordedAt
            : request.Replay is not null ? ReplaySource.RecordedAt(context.Resolve(request.Replay))
            : CanaryTime.Truncate(context.Clock.GetUtcNow());
        // The clock is recorded too: a window not over when it was recorded holds when replayed, as it held then.
        var now = context.Clock.GetUtcNow();
        if (request.Record is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(context.Resolve(request.Record), "evaluation.json"), $"{{\"at\": {end.ToUnixTimeSeconds()}, \"clock\": {now.ToUnixTimeSeconds()}}}\n", context.Cancellation);
        }

        var window = EvaluationWindow.Ending(end, spec.Window, spec.Interval);
        var clock = recording is not null ? recording.RecordedClock
            : request.Replay is not null ? ReplaySource.RecordedClock(context.Resolve(request.Replay))
            : now;
        async Task<Evidence> GatherAsync(CancellationToken cancellationToken) =>
            Evidence(spec, NotOver(await evaluator.EvaluateAsync(window, requireFullWindow: true, cancellationToken), window, clock), window, sourceName);

        // A recording's evidence is a pure function of its unchanged files, the filled spec and the window: built once
        // per snapshot (without the request's cancellation, since other requests share it); the pipeline runs every time.
        var evidence = recording is not null
            ? await recording.EvidenceAsync($"{spec.Path}\n{spec.Text}\n{window.End.ToUnixTimeSeconds()}", () => GatherAsync(CancellationToken.None))
            : await GatherAsync(context.Cancellation);
        return await GatePipeline.RunAsync(evidence, context);
    }

    /// <summary>The judgement as evidence: the judge's checks as findings, its hold as pending, its reason as the words.</summary>
    public static Evidence Evidence(CanarySpec spec, CanaryJudgement judgement, EvaluationWindow window, string source)
    {
        var core = CanaryReport.Build(spec, judgement, window, source);

        // Each finding's evidence keeps its JSON once written: a server shares replayed evidence between many reports.
        IReadOnlyList<Domain.Findings.Finding> findings = [.. core.Findings.Select(f => f with { Evidence = new WrittenEvidenceDictionary(f.Evidence) })];
        return new Evidence(core.Kind, core.Subject, core.Digest, findings)
        {
            Rules = CanaryRules.Registrations,
            Summary = core.Summary,
            Facts = core.Facts,
            Pending = CanaryWording.Pending(judgement),
            PendingUnderPolicy = applied => CanaryWording.Pending(spec, judgement, applied),
            Wording = new CanaryWording(spec, judgement),
            Notes = judgement.Notes,
        };
    }

    /// <summary>
    /// A window that ends after <paramref name="now"/> (an <c>--at</c> within the clock-skew allowance) has not been
    /// observed to its end: Prometheus answers its last steps from what has happened so far, so it may roll back on
    /// that, but it never promotes, not even once a policy excepts what held it (the reason is kept). A recording is judged against the clock it was recorded at; one without it
    /// (<paramref name="now"/> null) as it was answered.
    /// </summary>
    private static CanaryJudgement NotOver(CanaryJudgement judgement, EvaluationWindow window, DateTimeOffset? now)
    {
        if (now is not { } clock || window.End <= clock)
        {
            return judgement;
        }

        var observed = TimeSpan.FromSeconds(Math.Max(0, Math.Floor((clock - window.Start).TotalSeconds)));
        return CanaryJudge.NotOver(judgement, $"window not over: it ends at {Domain.Rfc3339.Format(window.End)}, after the clock ({PromDuration.Format(observed)} of its {PromDuration.Format(window.End - window.Start)} observed); every slice is within bounds so far");
    }

    /// <summary>
    /// An option given as "" (an unset shell variable) is refused as such: an empty --record was an ArgumentException
    /// (an internal error), an empty --replay "no such directory", an empty hash ignored by a spec without hashes. A
    /// hash that is not a label value is refused too, whether the selectors use it or not, as the server refuses it.
    /// </summary>
    private static void NotEmpty(CanaryRequest request)
    {
        foreach (var (value, option, fix) in (ReadOnlySpan<(string?, string, string)>)[
            (request.Record, "--record", "give the directory to save Prometheus' answers in, or leave --record out"),
            (request.Replay, "--replay", "give the directory a --record saved"),
            (request.StableHash, "--stable-hash", "give the baseline's pod-template hash, or leave --stable-hash out"),
            (request.LatestHash, "--latest-hash", "give the canary's pod-template hash, or leave --latest-hash out")])
        {
            EmptyValue.Refuse(value, option, fix);
        }

        foreach (var (value, option) in (ReadOnlySpan<(string?, string)>)[(request.StableHash, "--stable-hash"), (request.LatestHash, "--latest-hash")])
        {
            if (value is not null && !GroupSelectors.IsHash(value))
            {
                throw new InvalidInputException($"{option} '{TextSafe.Line(value)}' is not a pod-template hash (letters, digits, '-', '_', '.'; at most 63)");
            }
        }
    }

    private static TimeSpan? MaxWaitOf(CanaryRequest request) => request.MaxWait is { } text ? PromDuration.Parse(text, "--max-wait") : null;

    /// <summary>The token of <c>--prometheus-token-file</c> (over <c>TOLLGATE_PROMETHEUS_TOKEN</c>), trimmed; an empty or unreadable file is exit 3.</summary>
    private static string? BearerToken(CanaryRequest request, GateContext context)
    {
        if (request.PrometheusTokenFile is not { } file)
        {
            return string.IsNullOrWhiteSpace(request.PrometheusToken) ? null : request.PrometheusToken.Trim();
        }

        var token = Domain.Inputs.InputFile.ReadText(context.Resolve(file), "--prometheus-token-file " + file, 64 * 1024).Trim();
        return token.Length > 0 && !token.Any(char.IsControl) ? token
            : throw new InvalidInputException($"--prometheus-token-file {file}: {(token.Length == 0 ? "empty" : "not one line")}; it must hold the bearer token alone");
    }

    private static (IMetricSource Source, string Name) OpenSource(CanarySpec spec, CanaryRequest request, HttpClient http, GateContext context)
    {
        if (request.Replay is { } replayPath)
        {
            var replay = context.Resolve(replayPath);
            return Directory.Exists(replay)
                ? (new ReplaySource(replay), "replay:" + replay)
                : throw new InvalidInputException($"--replay {replay}: {InputFile.NotADirectory(replay)}");
        }

        var url = PrometheusTarget.Of(spec, request.Prometheus);
        var recorder = request.Record is null ? null : new ResponseRecorder(context.Resolve(request.Record));
        var token = BearerToken(request, context);
        if (token is not null && url.UserInfo.Length > 0)
        {
            throw new InvalidInputException($"Prometheus at {PrometheusUrl.Redact(url)}: give credentials in the URL or a bearer token, not both");
        }

        var tokenSource = request.PrometheusTokenFile is { } file ? $"the bearer token of --prometheus-token-file {file}" : "the bearer token in TOLLGATE_PROMETHEUS_TOKEN";
        var source = new PrometheusSource(http, url, new PrometheusOptions(spec.Timeout) { BearerToken = token, TokenSource = tokenSource, Budget = request.Budget, BudgetFrom = request.Arrived }, context.Clock, recorder);
        return (source, source.BaseUrl);
    }
}
