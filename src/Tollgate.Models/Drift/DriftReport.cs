using System.Globalization;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Models.Drift;

/// <summary>
/// Turns the per-feature comparisons into the gate's evidence: one <c>drift</c> (or <c>skew</c>) finding per drifted
/// feature and slice, too-small windows as pending, and the figures of every compared feature and slice, drifted or
/// not (<see cref="Figures"/>), which the ledger records with the verdict and <c>tollgate serve</c> exports.
/// </summary>
public static class DriftReport
{
    // "2 features drifted: a, b", or, when a feature drifted in several slices, "1 feature drifted in 4 feature
    // windows: age, age [region=ap], …": the findings are feature windows, the count names the features.
    private static string Flagged(bool skew, IReadOnlyList<FeatureDrift> results, List<Finding> findings, IReadOnlyList<string> sliceBy)
    {
        var features = results.Where(r => r.Drifted).Select(r => r.Feature).Distinct().Count();
        var verb = skew ? (features == 1 ? "differs" : "differ") + " between training and serving" : "drifted";
        var windows = features == findings.Count ? "" : $" in {findings.Count} feature windows";
        return $"{Counted.Of(features, "feature")} {verb}{windows}: {string.Join(", ", findings.Take(5).Select(f => Where(f, sliceBy)))}{(findings.Count > 5 ? ", …" : "")}";
    }

    /// <summary>
    /// The evidence of <paramref name="results"/>; <paramref name="missing"/>: features the reference has and the current
    /// lacks, which hold the gate (missing data) unless another feature already fails it.
    /// </summary>
    public static Evidence Build(DriftRequest request, IReadOnlyList<FeatureDrift> results, string digest, IReadOnlyList<string>? missing = null, IReadOnlyDictionary<string, string>? near = null)
    {
        string Missing(string feature) => near is not null && near.TryGetValue(feature, out var column) ? $"{TextSafe.Line(feature)} (the current has '{TextSafe.Line(column)}')" : TextSafe.Line(feature);
        missing ??= [];
        var rule = request.Skew ? "skew" : "drift";
        var findings = results.Where(r => r.Drifted).Select(r => Finding(rule, r, request.Alpha, request.SliceBy)).ToList();
        var tooSmall = results.Where(r => r.TooSmall).ToList();
        var sparse = results.Where(r => r.Sparse > 0).ToList();
        var judged = results.Count - tooSmall.Count - sparse.Count;
        var unjudged = string.Join(", ", sparse.Select(r => r.Feature).Distinct().Take(5));
        var (verdict, reason) = findings.Count > 0
            ? (Verdict.Fail, Flagged(request.Skew, results, findings, request.SliceBy))
            : missing.Count > 0
                ? (Verdict.Hold, $"{Counted.Of(missing.Count, "reference feature")} missing from the current data: {string.Join(", ", missing.Take(5).Select(Missing))}{(missing.Count > 5 ? ", …" : "")}")
            : results.Where(r => r.Absent).Select(r => r.Slice).Distinct().ToList() is { Count: > 0 } absent
                ? (Verdict.Hold, $"{Counted.Of(absent.Count, "reference slice")} with no rows in the current data: {string.Join(", ", absent.Take(5).Select(s => SliceText.Shown(s, request.SliceBy)))}{(absent.Count > 5 ? ", …" : "")}")
            : tooSmall.Count > 0
                ? (Verdict.Hold, $"too little data to judge {Counted.Of(tooSmall.Count, "feature window")} (fewer than {request.MinRows} values), e.g. {tooSmall[0].Feature} in {SliceText.Shown(tooSmall[0].Slice, request.SliceBy)} with {tooSmall[0].CurrentRows} current and {tooSmall[0].ReferenceRows} reference")
                : judged == 0
                    ? (Verdict.Hold, sparse.Count > 0 ? $"no feature window could be judged: no category of {unjudged} is common enough to test (an identifier? --exclude it)" : "no feature present in both reference and current")
                    : (Verdict.Pass, $"no drift in {Counted.Of(judged, "feature window")} at family-wise α {Fmt(request.Alpha)} with effect ≥ {Fmt(request.MinEffect)}{(sparse.Count > 0 ? $"; not judged, no category common enough to test: {unjudged} (an identifier? --exclude it)" : "")}");
        var figures = Figures(results, out var omitted);
        var summary = new List<KeyValuePair<string, long>>
        {
            new("features", results.Select(r => r.Feature).Distinct().Count()),
            new("slices", results.Select(r => r.Slice).Distinct().Count()),
            new("judged", judged),
            new(rule, findings.Count),
            new("tooSmall", tooSmall.Count),
            new("missingFeatures", missing.Count),
            new("figuresOmitted", omitted),
        };
        var facts = new List<KeyValuePair<string, string>>
        {
            new("reference", string.Join(",", request.Reference)),
            new("current", request.Current),
            new("decision", $"Holm-adjusted p < {Fmt(request.Alpha)} and effect ≥ {Fmt(request.MinEffect)} (numbers: KS, W1/σ; categories: chi-square, rare ones pooled, Jensen-Shannon)"),
        };
        if (results.Any(r => r.OnProfileGrid))
        {
            facts.Add(new("grid", "numbers on the profile's 0.5% grid: KS, W1/σ and PSI are of each value's log bucket (within 0.5% of the value), not of the raw values"));
        }

        if (sparse.Count > 0)
        {
            facts.Add(new("notJudged", $"{Counted.Of(sparse.Count, "feature window")} with no category common enough to test (an identifier?): {string.Join(", ", sparse.Take(5).Select(r => $"{r.Feature}{(r.Slice == "(all)" ? "" : $" in {SliceText.Shown(r.Slice, request.SliceBy)}")} ({r.Sparse} categories in {r.ReferenceRows + r.CurrentRows} values)"))}{(sparse.Count > 5 ? ", …" : "")}"));
        }

        return new Evidence(request.Skew ? "model-skew" : "model-drift", request.Shown ?? request.Current, digest, findings)
        {
            Rules = ModelRules.Reported,
            Summary = summary,
            Facts = facts,
            Figures = figures,
            Pending = verdict == Verdict.Hold ? reason : null,
            Wording = new Gates.GateWording(verdict, reason),
        };
    }

    /// <summary>
    /// The figures of every judged feature and slice: the drifted first, then by PSI from the largest (the closest to
    /// drifting first), then by slice and feature. Beyond <see cref="ReportFigure.MaxPerReport"/> (10,000 features in
    /// 50 slices is 500,000) the rest are counted in <paramref name="omitted"/>, not listed; their findings still are.
    /// </summary>
    internal static List<ReportFigure> Figures(IReadOnlyList<FeatureDrift> results, out long omitted)
    {
        var judged = results.Where(r => !r.TooSmall && r.Sparse == 0).ToList();
        omitted = Math.Max(0, judged.Count - ReportFigure.MaxPerReport);
        return judged
            .OrderByDescending(r => r.Drifted)
            .ThenByDescending(r => double.IsNaN(r.Psi) ? double.NegativeInfinity : r.Psi)
            .ThenBy(r => r.Slice, StringComparer.Ordinal)
            .ThenBy(r => r.Feature, StringComparer.Ordinal)
            .Take(ReportFigure.MaxPerReport)
            .Select(r =>
            {
                // Named by test, so a reader (and the ks gauge) never takes a chi-square for a KS D.
                var test = r.Test.StartsWith("ks", StringComparison.Ordinal) ? "ks" : "chiSquare";
                return new ReportFigure(r.Feature, r.Slice, r.Test, r.Drifted, ReportFigure.Finite(
                    new("psi", Round(r.Psi)),
                    new(test, Round(r.Statistic)),
                    new(test + "PValue", r.PValue),
                    new("adjustedPValue", r.AdjustedPValue),
                    new("effectSize", r.Effect)));
            })
            .ToList();
    }

    private static string Where(Finding f, IReadOnlyList<string> sliceBy) =>
        f.Evidence["slice"] is not string slice || slice == "(all)" ? f.Address : $"{f.Address} [{SliceText.Shown(slice, sliceBy)}]";

    private static Finding Finding(string rule, FeatureDrift r, double alpha, IReadOnlyList<string> sliceBy) =>
        new(rule, Severity.High, r.Feature,
            $"{r.Feature}{(r.Slice == "(all)" ? "" : $" in {SliceText.Shown(r.Slice, sliceBy)}")}: {r.EffectName} {Fmt(r.Effect)}{Floor(r)}, {r.Test}{(r.OnProfileGrid ? " on the profile's 0.5% grid" : "")}"
            // Several parts: the combined p, then each part's own statistic and p (CategoryPartsText); one test: its statistic and p.
            + (r.Parts is null ? $" statistic {Fmt(r.Statistic)} (p {Gates.PValueText.Of(r.PValue, alpha)}, " : $" p {Gates.PValueText.Of(r.PValue, alpha)} (")
            + $"Holm {Gates.PValueText.Of(r.AdjustedPValue, alpha)}), PSI {(r.Kind == "numeric" && r.Bins == 1 ? "n/a (every reference value in one bin: PSI and Jensen-Shannon cannot tell a change)" : Fmt(r.Psi))}"
            + (r.Parts is { } parts ? CategoryPartsText.Of(r, parts, alpha) : "")
            + MissingText(r))
        {
            Evidence = new Dictionary<string, object?>
            {
                ["slice"] = r.Slice,
                ["kind"] = r.Kind,
                ["referenceRows"] = r.ReferenceRows,
                ["currentRows"] = r.CurrentRows,
                ["referenceMissing"] = r.ReferenceMissing,
                ["currentMissing"] = r.CurrentMissing,
                ["referenceMissingShare"] = Round(r.ReferenceMissingShare),
                ["currentMissingShare"] = Round(r.CurrentMissingShare),
                ["test"] = r.Test,
                ["onProfileGrid"] = r.Kind == "numeric" ? r.OnProfileGrid : null, // KS, W1 and PSI of the profile's 0.5% buckets
                ["statistic"] = Round(r.Statistic), // with several parts (decidedBy), the chi-square's: parts has each test's own p
                ["decidedBy"] = r.Parts is { } decided ? CategoryParts.Name(decided.Decided) : null,
                ["parts"] = r.Parts is { } tested ? CategoryPartsText.Json(r, tested) : null,
                ["pValue"] = r.PValue,
                ["adjustedPValue"] = r.AdjustedPValue, // the value compared with α, to the last bit
                ["effect"] = r.EffectName,
                ["effectSize"] = r.Effect, // the value compared with --min-effect, to the last bit
                ["psi"] = Finite(r.Psi),
                ["psiPValue"] = Full(r.PsiPValue),
                ["jensenShannon"] = Full(r.JensenShannon), // a categorical feature's effect size
                ["jensenShannonPValue"] = Full(r.JensenShannonPValue),
                ["wasserstein"] = Finite(r.Wasserstein),
                ["referenceStd"] = Finite(r.ReferenceStd),
                ["wassersteinNormalised"] = Full(r.WassersteinNormalised), // a numeric feature's effect size
                ["bins"] = r.Bins,
                ["pooledCategories"] = r.Kind == "categorical" ? r.Pooled : null,
                ["rareCategory"] = r.Rare is { } rare ? new Dictionary<string, object?>
                {
                    ["name"] = rare.Name,
                    ["reference"] = rare.Test.Reference,
                    ["current"] = rare.Test.Current,
                    ["pValue"] = rare.Test.Unadjusted,
                    ["tested"] = rare.Test.Tests,
                    ["adjustedPValue"] = rare.Test.PValue,
                    ["decided"] = rare.Decided,
                } : null,
            },
        };

    /// <summary>Statistics to six significant digits; p-values and effect sizes are never rounded (see <see cref="Full"/>).</summary>
    private static double Round(double value) => double.IsFinite(value) ? double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    private static string Fmt(double value) => DriftGate.Number(value);

    // "; missing 1.02% of reference values, 0.98% of current": said only when a side has missing values, which the
    // comparison left out (a numeric column's empty, NA, n/a, - cells among numbers).
    private static string MissingText(FeatureDrift r) => r.ReferenceMissing == 0 && r.CurrentMissing == 0
        ? ""
        : $"; missing {Percent(r.ReferenceMissingShare)} of reference values, {Percent(r.CurrentMissingShare)} of current";

    private static string Percent(double share) => (share * 100).ToString("G3", CultureInfo.InvariantCulture) + "%";

    private static double? Finite(double value) => double.IsNaN(value) ? null : Round(value);

    // P-values and effect sizes go out as computed (the JSON writer's round-trip form), so the JSON p is the one
    // compared with α and the effect size the one compared with --min-effect (six digits showed 0.1 for 0.09999996).
    private static double? Full(double p) => double.IsNaN(p) ? null : p;

    /// <summary>What W1/σ divided when the reference is (nearly) constant: W1 itself over Evidently's σ floor of 0.001.</summary>
    private static string Floor(FeatureDrift r) => r.ReferenceStd < Domain.Statistics.Drift.Wasserstein.StdFloor
        ? $" (the reference's σ is {Fmt(r.ReferenceStd)}: W1 {Fmt(r.Wasserstein)} over the σ floor {Fmt(Domain.Statistics.Drift.Wasserstein.StdFloor)})"
        : "";
}
