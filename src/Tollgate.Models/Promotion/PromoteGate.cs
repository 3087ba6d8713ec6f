using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Canary.Sources;
using Tollgate.Delivery;
using Tollgate.Delivery.Drills;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Gates;
using Tollgate.Models.Lineage;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Promotion;

/// <summary>
/// <c>tollgate model promote</c>: a model version moves like a Kubernetes rollout. To <c>canary</c> it needs its
/// lineage and a fresh rollback drill of the model (<c>drill-stale</c>, policy <c>maxDrillAgeDays</c>). To
/// <c>production</c> it also needs the business KPI (<see cref="KpiJudge"/>): promote moves it to production and
/// retires the live version in one recorded step, in the same transaction as the verdict; a KPI regression rolls the canary back (retired, recorded); too
/// little data holds and keeps it in canary. Offline metrics never promote.
/// </summary>
public sealed class PromoteGate(IModelRegistry registry, IDeliveryStore drills, Func<Uri, TimeSpan, IMetricSource>? metricSource = null)
{
    private readonly Func<Uri, TimeSpan, IMetricSource> metrics = metricSource ?? ((_, _) => throw new InvalidOperationException("this promote gate was built without a metric source"));

    public const string Kind = "model-promote";

    public async Task<Report> RunAsync(PromoteRequest request, GateContext context)
    {
        var reference = ModelRef.Parse(request.Model, "MODEL", versionRequired: true);
        // Only the two stages promote moves to are offered: "unknown stage 'staging': expected shadow, …" listed two it refused.
        var named = ModelStages.All.FirstOrDefault(s => string.Equals(s, request.To, StringComparison.OrdinalIgnoreCase));
        var to = named is ModelStages.Canary or ModelStages.Production
            ? named
            : throw new InvalidInputException(named is not null
                ? $"--to {request.To}: promote moves a version to canary or production ({(named == ModelStages.Shadow ? "shadow is given by tollgate model shadow" : "a version is retired when another replaces it")})"
                : $"--to {request.To}: expected canary or production{(Yaml.KeySuggestion.For(request.To, [ModelStages.Canary, ModelStages.Production]) is { } near ? $"; did you mean '{near}'?" : "")}");
        if (to == ModelStages.Canary && new[] { ("--kpi", request.Kpi is not null), ("--predictions", request.Predictions is not null), ("--prometheus-url", request.PrometheusUrl is not null), ("--initial", request.Initial) }
                .Where(o => o.Item2).Select(o => o.Item1).ToList() is [_, ..] unused)
        {
            // Said rather than ignored: a user who gave a KPI expects it judged, and the move to canary judges none.
            throw new InvalidInputException($"{string.Join(", ", unused)}: promote --to canary judges lineage and a fresh drill, not the KPI; leave {(unused.Count == 1 ? "it" : "them")} out, or judge the KPI with --to production");
        }

        var version = await reference.RegisteredAsync(registry, context.Cancellation);
        var now = context.Clock.GetUtcNow();
        var events = await registry.StagesAsync(version.Name, context.Cancellation);
        var line = ProductionLine.At(events, now);
        if (line.Live == version.Version)
        {
            throw new InvalidInputException($"{version.Id} is already in production");
        }

        if (request.Initial && line.Live is { } serving)
        {
            throw new InvalidInputException($"--initial is only for a model with no production version, and {version.Name}@{serving} is in production: promote {version.Id} against it with --kpi SPEC (and --predictions LOG or the spec's prometheus: queries)");
        }

        var findings = new List<Finding>();
        var facts = new List<KeyValuePair<string, string>> { new("live", line.Live is null ? "none" : $"{version.Name}@{line.Live}") };
        if (version.Datasets.Count == 0)
        {
            findings.Add(LineageMissing.Finding(version));
        }

        if (line.Live is not null && context.Policy.IsEnabled(DrillStaleRule.Id))
        {
            var maxAge = context.Policy.Threshold(DeliveryRules.DrillStale, DrillStaleRule.MaxAgeKey, DrillStaleRule.DefaultMaxAgeDays);
            if (DrillStaleRule.Evaluate(ModelDrill.Service(version.Name), await drills.DrillsAsync(ModelDrill.Service(version.Name), context.Cancellation), now, maxAge) is { } stale)
            {
                findings.Add(stale with { Suggestion = $"tollgate model drill {version.Name} --exec CMD [--check CMD]" });
            }
        }

        var (own, reason, pending, summary, digestInput) = to == ModelStages.Canary
            ? (Verdict.Pass, $"{version.Id} may enter canary", (string?)null, new List<KeyValuePair<string, long>>(), "")
            : await JudgeKpiAsync(request, version, line, findings, facts, context);
        var evidence = new Evidence(Kind, $"{version.Id} → {to}", Digest(version, to, digestInput), findings)
        {
            Rules = ModelRules.Reported,
            Summary = summary,
            Facts = facts,
            FactsInText = true,
            // A roll back the policy excepts holds; it never promotes.
            Pending = own == Verdict.Hold ? pending ?? reason
                : own == Verdict.Fail && findings.Any(f => f.Rule == ModelRules.KpiRegression.Id) ? "the KPI regression is excepted or lowered by policy; the candidate is not shown within its allowed loss: " + reason
                : null,
            Wording = new GateWording(own, reason),
        };
        // The verdict and the stage moves it calls for are recorded in one transaction: never a promotion without its move.
        // kpi-outcome-missing asks for a review in this report whatever its severity (RuleInfo.ReviewedIn).
        context = context with { Policy = context.Policy.For(Kind, ModelRules.Reported) };
        var report = await GatePipeline.JudgeAsync(evidence, context);
        var moves = Moves(report, version, to, line, events, context.Clock.GetUtcNow(), request.Actor);
        return moves.Count > 0
            ? await registry.RecordAllAsync("a promotion", [], moves, [], _ => report, StageBasis.Of(version.Name, events), context.Cancellation)
            : await GatePipeline.RecordAsync(report, context);
    }

    private async Task<(Verdict, string, string?, List<KeyValuePair<string, long>>, string)> JudgeKpiAsync(
        PromoteRequest request, ModelVersion version, ProductionLine line, List<Finding> findings, List<KeyValuePair<string, string>> facts, GateContext context)
    {
        if (line.Live is null)
        {
            return request.Initial
                ? (Verdict.Pass, $"{version.Id} is the first production version (--initial): no live version to compare the KPI with", null, [], "initial")
                : (Verdict.Hold, $"{version.Name} has no production version to compare the KPI with: promote its first version with --initial", null, [], "");
        }

        if (request.Kpi is null)
        {
            throw new InvalidInputException("promote to production needs --kpi SPEC and the KPI from --predictions LOG or the spec's prometheus: queries (offline metrics never promote)");
        }

        var spec = KpiSpecLoader.Load(context.Resolve(request.Kpi), request.Kpi);
        var specHash = ContentHash.HexOfFile(context.Resolve(request.Kpi));
        Verdict verdict;
        IReadOnlyList<KpiSlice> slices;
        string source, digestInput;
        var heldVersions = "";
        if (request.Predictions is not null && spec.Prometheus is not null && string.IsNullOrEmpty(spec.Column))
        {
            // Before: "canary.csv: no column '' (the KPI spec's column)".
            throw new InvalidInputException(
                $"{request.Kpi} reads the KPI from Prometheus (its prometheus: section) and names no column of a prediction log: leave --predictions out, or add column: to the spec to judge the log");
        }

        if (request.Predictions is not null)
        {
            var log = context.Resolve(request.Predictions);
            var (data, candidateMissing, liveMissing, held) = await KpiLog.ReadAsync(log, request.Predictions, spec, version.Version, line.Live, context.Cancellation);
            heldVersions = held.Count == 0 ? "" : $" (its {spec.VersionColumn} column holds {string.Join(", ", held.Take(5))}{(held.Count > 5 ? ", …" : "")})";
            if (candidateMissing + liveMissing > 0)
            {
                // Not counted, but said: a candidate whose requests more often end without an outcome is not seen in the KPI.
                facts.Add(new("without a KPI value", $"{candidateMissing} rows of {version.Id}, {liveMissing} of {version.Name}@{line.Live} (not counted)"));
            }

            (verdict, slices) = KpiJudge.Judge(data, spec);
            var all = data.FirstOrDefault(s => s.Slice == KpiLog.AllRows);
            var (candidateRows, liveRows) = ((all.Candidate?.Length ?? 0) + candidateMissing, (all.Live?.Length ?? 0) + liveMissing);
            if (candidateRows > 0 && liveRows > 0 && KpiOutcomeMissing.Decide(candidateMissing, candidateRows, liveMissing, liveRows, spec.Alpha) is { Higher: true } shares)
            {
                findings.Add(KpiOutcomeMissing.Finding(version, line.Live, spec, shares));
            }

            (source, digestInput) = (request.Predictions, ContentHash.HexOfFile(log) + "\n" + specHash);
        }
        else if (spec.Prometheus is { } queries)
        {
            var url = PrometheusTarget(request, queries, spec);
            var at = context.Clock.GetUtcNow();
            var reading = await KpiPrometheus.ReadAsync(metrics(url, queries.Timeout), queries, version.Name, version.Version, line.Live, at, context.Cancellation);
            source = $"Prometheus at {PrometheusUrl.Redact(url)}";
            facts.Add(new("prometheus", $"{source}, window {Canary.Spec.PromDuration.Format(queries.Window)} up to {Rfc3339.Format(at)}"));
            digestInput = $"{specHash}\n{at.ToUnixTimeSeconds()}\n{string.Join("\n", reading.Queries)}\n"
                + string.Join("\n", reading.Slices.Select(r => FormattableString.Invariant($"{r.Slice} {r.Candidate.Requests:R} {r.Candidate.Total:R} {r.Candidate.TotalSquares:R} {r.Live.Requests:R} {r.Live.Total:R} {r.Live.TotalSquares:R}")));
            if (reading.Problem is { } problem)
            {
                return (Verdict.Hold, $"{problem}: hold", null, [], digestInput);
            }

            (verdict, slices) = KpiJudge.Judge(reading.Slices, spec);
        }
        else
        {
            throw new InvalidInputException($"promote to production needs the KPI: --predictions LOG, or a prometheus: section in {request.Kpi} (offline metrics never promote)");
        }

        findings.AddRange(slices.Where(s => s.Regressed).Select(s => KpiRegression.Finding(version, line.Live, spec, s)));
        facts.Add(new("kpi", $"{spec.Name} ({(string.IsNullOrEmpty(spec.Column) ? "" : spec.Column + ", ")}{(spec.HigherIsBetter ? "higher" : "lower")} is better), allowed loss {(spec.MaxDropAbsolute is { } a ? F(a) : F(100 * spec.MaxDrop) + "%")}, α {F(spec.Alpha)}, min samples {spec.MinSamples}"));
        facts.AddRange(slices.Select(s => new KeyValuePair<string, string>("slice " + Drift.SliceText.Shown(s.Slice, spec.SliceBy), Describe(s, spec.Alpha))));
        var summary = new List<KeyValuePair<string, long>>
        {
            new("slices", slices.Count),
            new("regressed", slices.Count(s => s.Regressed)),
            new("nonInferior", slices.Count(s => s.NonInferior)),
            new("tooSmall", slices.Count(s => s.TooSmall)),
            new("candidateRequests", slices.FirstOrDefault(s => s.Slice == KpiLog.AllRows)?.CandidateCount ?? 0),
            new("liveRequests", slices.FirstOrDefault(s => s.Slice == KpiLog.AllRows)?.LiveCount ?? 0),
        };
        var reason = verdict switch
        {
            Verdict.Fail => $"roll back {version.Id}: {spec.Name} regressed beyond the allowed loss in {string.Join(", ", slices.Where(s => s.Regressed).Select(s => Drift.SliceText.Shown(s.Slice, spec.SliceBy)))}",
            Verdict.Pass => $"promote {version.Id}: {spec.Name} is within the allowed loss of {version.Name}@{line.Live} {(slices.Count == 1 ? "over all requests (no slices)" : $"in all {slices.Count} slices")}",
            _ => slices.Count == 0 || slices.All(s => s.CandidateCount == 0)
                ? $"no {spec.Name} data for {version.Id} in {source}{heldVersions}: hold"
                : slices.All(s => s.LiveCount == 0)
                    ? $"no {spec.Name} data for the live version {version.Name}@{line.Live} in {source}{heldVersions}: hold"
                : slices.FirstOrDefault(s => s.TooSmall) is { } small
                    ? $"too few requests to judge {Drift.SliceText.Shown(small.Slice, spec.SliceBy)} ({small.CandidateCount} candidate, {small.LiveCount} live; at least {spec.MinSamples} each): hold"
                    : $"not yet decided: {spec.Name} is neither shown within the allowed loss nor beyond it in {string.Join(", ", slices.Where(s => !s.NonInferior).Select(s => Drift.SliceText.Shown(s.Slice, spec.SliceBy)))}: hold",
        };
        return (verdict, reason, null, summary, digestInput);
    }

    /// <summary>The stage moves the verdict calls for (none, one, or the live version retired with the candidate in production).</summary>
    private static List<StageEvent> Moves(Report report, ModelVersion version, string to, ProductionLine line, IReadOnlyList<StageEvent> events, DateTimeOffset at, string actor)
    {
        var current = ProductionLine.StageOf(events, version.Version);
        StageEvent Event(string v, string stage, string reason) => new(version.Name, v, stage, at) { Actor = actor, Reason = reason };
        return report.Verdict switch
        {
            Verdict.Pass when to == ModelStages.Production && line.Live is { } live =>
                [Event(live, ModelStages.Retired, $"replaced by {version.Version}"), Event(version.Version, ModelStages.Production, report.Reason)],
            Verdict.Pass => [Event(version.Version, to, report.Reason)],
            Verdict.Fail when report.Findings.Any(f => f.Rule == ModelRules.KpiRegression.Id && f.Suppression is null) && current == ModelStages.Canary =>
                [Event(version.Version, ModelStages.Retired, "rolled back: " + report.Reason)],
            Verdict.Hold when to == ModelStages.Production && current != ModelStages.Canary && line.Live is not null =>
                [Event(version.Version, ModelStages.Canary, "in canary until the KPI decides")],
            _ => [],
        };
    }

    /// <summary><c>--prometheus-url</c> when given, else the spec's <c>prometheus.url</c>; neither is exit 3.</summary>
    private static Uri PrometheusTarget(PromoteRequest request, KpiQueries queries, KpiSpec spec)
    {
        Uri? url = queries.Url;
        if (request.PrometheusUrl is { } flag && (!Uri.TryCreate(flag, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new InvalidInputException($"--prometheus-url {PrometheusUrl.RedactText(flag)} is not an http(s) URL");
        }

        return url ?? throw new InvalidInputException($"{spec.Path}: no Prometheus URL: set prometheus.url in the spec or pass --prometheus-url");
    }

    private static string Describe(KpiSlice s, double alpha) => s.TooSmall
        ? $"{s.CandidateCount} candidate / {s.LiveCount} live requests: too few"
        : $"candidate {F(s.CandidateMean)} (n {s.CandidateCount}) vs live {F(s.LiveMean)} (n {s.LiveCount}); Δ {F(s.Difference)} [{F(s.Interval.Low)}, {F(s.Interval.High)}] ({F(100 * (1 - alpha))}% anytime-valid), allowed loss {F(s.AllowedLoss)}{Tau(s)}; regression p {P(s.AdjustedRegressionP, alpha)} (Holm), non-inferiority p {P(s.NonInferiorityP, alpha)}";

    /// <summary>The mixture's τ when it is not the allowed loss (a relative allowance of a live KPI of 0), so the printed interval and p-values can be recomputed.</summary>
    private static string Tau(KpiSlice s) => s.Tau == s.AllowedLoss || double.IsNaN(s.Tau) ? ""
        : $" (the live {F(s.LiveMean)} allows none of a relative loss: mixture τ {F(s.Tau)}, 0.1 of the larger arm's standard deviation)";

    private static string Digest(ModelVersion version, string to, string input) =>
        Domain.Reports.ReportDigest.Of($"{version.Id}\n{version.ArtifactDigest}\n{to}\n{input}");

    // Tiny and huge figures in scientific notation: a KPI of 1e308 is 309 digits written out.
    internal static string F(double value) => Gates.ShortNumber.Of(value);

    private static string P(double p, double alpha) => Gates.PValueText.Of(p, alpha);
}
