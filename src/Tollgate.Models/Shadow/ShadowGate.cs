using System.Globalization;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Gates;
using Tollgate.Models.Lineage;
using Tollgate.Models.Registry;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Shadow;

/// <summary>
/// <c>tollgate model shadow</c>: the candidate answered the same requests as the live model without serving them.
/// Per slice (and <c>(all)</c>), each check at α/k (Bonferroni over the k judged slices): <b>agreement</b> — the
/// exact (Clopper–Pearson) upper bound of the share of requests where both give the same class is below the minimum; <b>shift</b> —
/// for scores, two-sample KS or the paired mean difference rejects (Bonferroni over the two) and W1 is at least 0.1 of
/// the live scores' σ; <b>labels</b> — on labelled
/// requests, the upper bound of the paired accuracy difference (Tango's score interval, <see cref="PairedAccuracy"/>) is
/// below −maxAccuracyDrop. Any is
/// <c>shadow-disagreement</c>. A pass records the candidate in the <c>shadow</c> stage in the same transaction as the verdict.
/// </summary>
public sealed class ShadowGate(IModelRegistry registry)
{
    public const string Kind = "model-shadow";

    public async Task<Report> RunAsync(ShadowRequest request, GateContext context)
    {
        var candidate = ModelRef.Parse(request.Candidate, "CANDIDATE", versionRequired: true);
        var live = ModelRef.Parse(request.Live, "--live", versionRequired: true);
        if (candidate.Name != live.Name)
        {
            throw new InvalidInputException($"--live {live} is not a version of {candidate.Name}");
        }

        if (candidate.Version == live.Version)
        {
            throw new InvalidInputException($"--live {live} is the candidate itself: name the version serving the same requests");
        }

        // Both must be registered before anything is read or recorded: a shadow stage of an unknown version would be
        // a stage history the registry cannot explain.
        var candidateVersion = await candidate.RegisteredAsync(registry, context.Cancellation);
        var liveVersion = await live.RegisteredAsync(registry, context.Cancellation);
        var path = context.Resolve(request.Predictions);
        Domain.Inputs.InputFile.CheckKind(path, $"--predictions {request.Predictions}");
        // Ids, versions and slice keys are read as written: 1.10 stays apart from 1.1, and n/a is a value.
        var table = await TableFile.ReadAsync(path, ["request_id", "model_version", .. request.SliceBy], context.Cancellation);
        var slices = Pair(table, request, candidate.Version!, live.Version!);
        var judged = slices.Where(s => s.Pairs.Count >= request.MinPairs).ToList();
        var level = request.Alpha / Math.Max(1, judged.Count);
        var results = slices.Select(s => Judge(s.Slice, s.Pairs, request, s.Pairs.Count >= request.MinPairs ? level : double.NaN)).ToList();
        var findings = new List<Finding>();
        foreach (var r in results.Where(r => r.Pairs >= request.MinPairs))
        {
            var problems = new List<string>();
            if (r.AgreementUpper < request.MinAgreement)
            {
                problems.Add($"agrees on {F(100 * r.Agreement)}% of {r.Pairs} requests (at most {F(100 * r.AgreementUpper)}%, minimum {F(100 * request.MinAgreement)}%)");
            }

            if (Shifted(r.ShiftPValue, r.Shift, level))
            {
                problems.Add($"scores shift by {F(r.Shift)} σ (p {PValueText.Of(r.ShiftPValue, level)})");
            }

            if (r.AccuracyHigh < -request.MaxAccuracyDrop)
            {
                problems.Add($"accuracy {F(100 * r.AccuracyDelta)} points vs live on {r.Labelled} labelled requests [{F(100 * r.AccuracyLow)}, {F(100 * r.AccuracyHigh)}]");
            }

            if (problems.Count > 0)
            {
                findings.Add(new Finding(ModelRules.ShadowDisagreement.Id, Severity.High, candidate.ToString(),
                    $"{candidate}{(r.Slice == "(all)" ? "" : $" in {Drift.SliceText.Shown(r.Slice, request.SliceBy)}")} against {live}: {string.Join("; ", problems)}")
                {
                    Evidence = new Dictionary<string, object?>
                    {
                        ["slice"] = r.Slice, ["pairs"] = r.Pairs, ["agreement"] = r.Agreement, ["agreementUpper"] = r.AgreementUpper,
                        ["shift"] = double.IsNaN(r.Shift) ? null : r.Shift, ["shiftPValue"] = double.IsNaN(r.ShiftPValue) ? null : r.ShiftPValue,
                        ["labelled"] = r.Labelled, ["accuracyDelta"] = double.IsNaN(r.AccuracyDelta) ? null : r.AccuracyDelta,
                        ["accuracyLow"] = double.IsNaN(r.AccuracyLow) ? null : r.AccuracyLow, ["accuracyHigh"] = double.IsNaN(r.AccuracyHigh) ? null : r.AccuracyHigh,
                    },
                });
            }
        }

        var (own, reason) = findings.Count > 0 ? (Verdict.Fail, $"{candidate} disagrees with {live} in shadow: {string.Join("; ", findings.Take(3).Select(f => f.Message))}")
            : judged.Count == 0 ? (Verdict.Hold, Absent(table, request, candidate, live) ?? $"too few paired requests to judge (at least {request.MinPairs} per slice; {slices.FirstOrDefault().Pairs?.Count ?? 0} in all)")
            : (Verdict.Pass, $"{candidate} agrees with {live} in shadow across {Counted.Of(judged.Count, "slice")}");
        var evidence = new Evidence(Kind, $"{candidate} vs {live}", Digest(request, candidateVersion, liveVersion, path), findings)
        {
            Rules = ModelRules.Reported,
            Summary = [new("slices", slices.Count), new("judged", judged.Count), new("pairs", slices.FirstOrDefault().Pairs?.Count ?? 0), new("shadow-disagreement", findings.Count)],
            Facts = [.. results.Select(r => new KeyValuePair<string, string>("slice " + Drift.SliceText.Shown(r.Slice, request.SliceBy), Describe(r, request.MinPairs, level)))],
            FactsInText = true,
            Pending = own == Verdict.Hold ? reason : null,
            Wording = new GateWording(own, reason),
        };
        // A pass and the shadow stage it gives are recorded in one transaction: never one without the other.
        var report = await GatePipeline.JudgeAsync(evidence, context);
        return report.Verdict == Verdict.Pass && (await registry.StagesAsync(candidate.Name, context.Cancellation)).All(e => e.Version != candidate.Version)
            ? await registry.RecordAllAsync("a shadow verdict", [], [new StageEvent(candidate.Name, candidate.Version!, ModelStages.Shadow, context.Clock.GetUtcNow()) { Actor = request.Actor, Reason = report.Reason }], [], _ => report, null, context.Cancellation)
            : await GatePipeline.RecordAsync(report, context);
    }

    /// <summary>
    /// What decided the verdict: both versions (with their artifacts), the log's content, and every option that can
    /// change it, so approving one shadow report never covers another candidate, log or threshold.
    /// </summary>
    private static string Digest(ShadowRequest request, ModelVersion candidate, ModelVersion live, string log) => ReportDigest.Of(
    [
        Kind,
        $"candidate {candidate.Id} {candidate.ArtifactDigest}",
        $"live {live.Id} {live.ArtifactDigest}",
        $"predictions sha256:{ContentHash.HexOfFile(log)}",
        $"slice-by {string.Join(",", request.SliceBy)}",
        $"min-agreement {ReportDigest.Number(request.MinAgreement)}",
        $"threshold {ReportDigest.Number(request.Threshold)}",
        $"alpha {ReportDigest.Number(request.Alpha)}",
        $"min-pairs {request.MinPairs}",
        $"max-accuracy-drop {ReportDigest.Number(request.MaxAccuracyDrop)}",
    ]);

    private sealed record Pairing(string? Candidate, string? Live, double CandidateScore, double LiveScore, string? Label);

    /// <summary>
    /// A version the log has no row of, named with the versions it has, as promote names them: a wrong log or a wrong
    /// version, not "too few paired requests (0 in all)".
    /// </summary>
    private static string? Absent(Table table, ShadowRequest request, ModelRef candidate, ModelRef live)
    {
        var column = table.Find("model_version")!;
        var held = new SortedSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < table.Rows; row++)
        {
            if (column.TextAt(row) is { } v)
            {
                held.Add(v);
            }
        }

        var missing = new[] { candidate, live }.Where(r => !held.Contains(r.Version!)).ToList();
        return missing.Count == 0 ? null
            : $"no rows of {string.Join(" or ", missing)} in {request.Predictions} (its model_version column holds {(held.Count == 0 ? "nothing" : string.Join(", ", held.Take(5).Select(TextSafe.Line)) + (held.Count > 5 ? ", …" : ""))})";
    }

    private static List<(string Slice, List<Pairing> Pairs)> Pair(Table table, ShadowRequest request, string candidate, string live)
    {
        Column Need(string name) => table.Find(name) ?? throw MissingColumn.Error(request.Predictions, name, [.. table.Columns.Select(c => c.Name)]);
        var ids = Need("request_id");
        var versions = Need("model_version");
        var predictions = Need("prediction");
        var labels = table.Find("label");
        var sliceColumns = request.SliceBy.Select(Need).ToList();
        var byRequest = new Dictionary<string, (int? C, int? L)>(StringComparer.Ordinal);
        for (var row = 0; row < table.Rows; row++)
        {
            var id = ids.TextAt(row);
            var version = versions.TextAt(row);
            if (id is null || (version != candidate && version != live))
            {
                continue;
            }

            byRequest.TryGetValue(id, out var pair);
            var earlier = version == candidate ? pair.C : pair.L;
            if (earlier is { } first && predictions.TextAt(first) != predictions.TextAt(row))
            {
                // A retry that answered the same is one answer; two different answers leave the pairing to chance.
                throw new InvalidInputException(
                    $"{request.Predictions}: request '{id}' is answered twice by version {version}, differently ({TextCells.Describe((first, predictions.TextAt(first) ?? ""))}, {TextCells.Describe((row, predictions.TextAt(row) ?? ""))}): which answer to pair is unknown; keep one answer per request and version");
            }

            byRequest[id] = version == candidate ? pair with { C = row } : pair with { L = row };
        }

        // One cell that is not a number makes the column text: every score would then be compared as a word.
        if (TextCells.FirstOfEach(predictions, byRequest.Values.SelectMany(p => new[] { p.C, p.L }).OfType<int>().Order()) is ({ } word, { } score))
        {
            throw new InvalidInputException(
                $"{request.Predictions}: prediction {TextCells.Describe(word)} is not a number, but other predictions are scores ({TextCells.Describe(score)}): a log's predictions are all scores or all class names; fix or drop that row");
        }

        var groups = new SortedDictionary<string, List<Pairing>>(StringComparer.Ordinal) { ["(all)"] = [] };
        foreach (var (c, l) in byRequest.Values)
        {
            if (c is not { } cr || l is not { } lr)
            {
                continue;
            }

            // A request neither version answered (an empty, NaN or infinite prediction on both sides) compares
            // nothing: counted as agreeing, a log of NaN passed. One side without an answer is a disagreement (Class).
            var (candidateAnswer, liveAnswer) = (Answer(predictions, cr), Answer(predictions, lr));
            if (candidateAnswer is null && liveAnswer is null)
            {
                continue;
            }

            var label = labels?.TextAt(lr) ?? labels?.TextAt(cr);
            var pairing = new Pairing(candidateAnswer, liveAnswer, Score(predictions, cr), Score(predictions, lr), label);
            groups["(all)"].Add(pairing);
            if (sliceColumns.Count > 0)
            {
                var key = string.Join(",", sliceColumns.Select(s => $"{s.Name}={s.TextAt(lr) ?? "(missing)"}"));
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                }

                list.Add(pairing);
            }
        }

        return [.. groups.Select(g => (g.Key, g.Value))];
    }

    /// <summary>A finite score, else NaN (a missing or infinite score is no answer).</summary>
    private static double Score(Column column, int row) => column.Numbers is { } n && double.IsFinite(n[row]) ? n[row] : double.NaN;

    /// <summary>The prediction as text, or null where there is none: an empty cell, NaN, or an infinite score.</summary>
    private static string? Answer(Column column, int row) =>
        column.Numbers is { } n && !double.IsFinite(n[row]) ? null : column.TextAt(row);

    /// <summary>The class of a side that gave no prediction: it agrees with no answer the other side gave.</summary>
    private const string NoAnswer = "(no prediction)";

    /// <summary>The smallest score shift that counts, in units of the live scores' σ (W1 / σ).</summary>
    public const double MinShift = 0.1;

    /// <summary>Fewer pairs than this: the paired test is not used (its normal approximation needs them), KS alone.</summary>
    public const int PairedMinimum = 30;

    /// <summary>
    /// Whether the candidate's scores moved, and by how much (W1 / σ of the live scores). Two tests, Bonferroni over
    /// both: two-sample KS, for a change of shape (conservative here: the two samples are the same requests), and the
    /// paired test of the mean difference per request, which sees a systematic shift far sooner because each request
    /// is its own control (a shift of 0.2 σ in 200 pairs: caught in 6% of logs by KS alone).
    /// </summary>
    public static (double P, double Shift) ScoreShift(double[] live, double[] candidate)
    {
        var l = EmpiricalDistribution.FromValues(live);
        var c = EmpiricalDistribution.FromValues(candidate);
        var ks = KolmogorovSmirnov.Test(l, c).PValue;
        var shift = Wasserstein.Normalised(l, c);
        if (live.Length < PairedMinimum)
        {
            return (ks, shift);
        }

        double mean = 0, squares = 0;
        for (var i = 0; i < live.Length; i++)
        {
            // Welford's running mean and sum of squared deviations of the differences.
            var d = candidate[i] - live[i];
            var delta = d - mean;
            mean += delta / (i + 1);
            squares += delta * (d - mean);
        }

        var se = Math.Sqrt(squares / (live.Length - 1) / live.Length);
        var paired = se > 0 ? 2 * Normal.Survival(Math.Abs(mean) / se) : mean == 0 ? 1 : 0;
        return (Math.Min(1, 2 * Math.Min(ks, paired)), shift);
    }

    /// <summary>The shift check: KS rejects at the slice's level and the shift is at least <see cref="MinShift"/>.</summary>
    public static bool Shifted(double p, double shift, double level) => p < level && shift >= MinShift;

    private static ShadowSlice Judge(string slice, List<Pairing> pairs, ShadowRequest request, double level)
    {
        string Class(string? text, double score) => double.IsNaN(score) ? text ?? NoAnswer : score >= request.Threshold ? "1" : "0";
        var agreeing = pairs.Count(p => Class(p.Candidate, p.CandidateScore) == Class(p.Live, p.LiveScore));
        var result = new ShadowSlice(slice, pairs.Count, agreeing);
        if (double.IsNaN(level))
        {
            return result;
        }

        result = result with { AgreementUpper = Binomial.ExactUpper(agreeing, pairs.Count, level) };
        var scored = pairs.Where(x => !double.IsNaN(x.CandidateScore) && !double.IsNaN(x.LiveScore)).ToList();
        if (scored.Count >= request.MinPairs && scored.Any(x => x.LiveScore != Math.Round(x.LiveScore)))
        {
            var (p, shift) = ScoreShift(scored.Select(x => x.LiveScore).ToArray(), scored.Select(x => x.CandidateScore).ToArray());
            result = result with { ShiftPValue = p, Shift = shift };
        }

        var labelled = pairs.Where(x => x.Label is not null).ToList();
        if (labelled.Count >= request.MinPairs)
        {
            // Only discordant requests tell the two apart: Tango's score interval from their counts.
            var candidateOnly = 0;
            var liveOnly = 0;
            foreach (var x in labelled)
            {
                var (c, l) = (Class(x.Candidate, x.CandidateScore) == x.Label, Class(x.Live, x.LiveScore) == x.Label);
                candidateOnly += c && !l ? 1 : 0;
                liveOnly += l && !c ? 1 : 0;
            }

            var (delta, low, high) = PairedAccuracy.Interval(labelled.Count, candidateOnly, liveOnly, -Normal.Quantile(level / 2));
            result = result with { Labelled = labelled.Count, AccuracyDelta = delta, AccuracyLow = low, AccuracyHigh = high };
        }

        return result;
    }

    // A slice below --min-pairs says it was not judged: its figures are shown, but no check was made of them.
    private static string Describe(ShadowSlice r, int minPairs, double level) =>
        $"{Counted.Of(r.Pairs, "paired request")}{(r.Pairs < minPairs ? $": too few to judge (--min-pairs {minPairs})" : "")}, agreement {(r.Pairs == 0 ? "n/a" : F(100 * r.Agreement) + "%")}{(double.IsNaN(r.Shift) ? "" : $", score shift {F(r.Shift)} σ (p {PValueText.Of(r.ShiftPValue, level)})")}{(r.Labelled > 0 ? $", accuracy Δ {F(100 * r.AccuracyDelta)} points [{F(100 * r.AccuracyLow)}, {F(100 * r.AccuracyHigh)}] on {r.Labelled} labels" : "")}";

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString(Math.Abs(value) < 1e-3 && value != 0 ? "0.##e0" : "0.##", CultureInfo.InvariantCulture);
}
