using Tollgate.Domain.Findings;
using Tollgate.Domain.Registry;

namespace Tollgate.Models.Promotion;

/// <summary>
/// <c>kpi-regression</c>: the candidate loses more of the business KPI than the spec allows, in a slice, with
/// anytime-valid evidence (Holm across slices). "Model is broken" is defined by the number it controls, not by an
/// offline score.
/// </summary>
public static class KpiRegression
{
    public static Finding Finding(ModelVersion candidate, string live, KpiSpec spec, KpiSlice s) =>
        new(Models.ModelRules.KpiRegression.Id, Severity.High, candidate.Id,
            $"{spec.Name}{(s.Slice == KpiLog.AllRows ? "" : $" in {Drift.SliceText.Shown(s.Slice, spec.SliceBy)}")}: {PromoteGate.F(s.CandidateMean)} for {candidate.Version} vs {PromoteGate.F(s.LiveMean)} for {live} (Δ {PromoteGate.F(s.Difference)} [{PromoteGate.F(s.Interval.Low)}, {PromoteGate.F(s.Interval.High)}] at {PromoteGate.F(100 * (1 - spec.Alpha))}%, allowed loss {PromoteGate.F(s.AllowedLoss)}; p {Gates.PValueText.Of(s.AdjustedRegressionP, spec.Alpha)} Holm, anytime-valid)")
        {
            Evidence = new Dictionary<string, object?>
            {
                ["slice"] = s.Slice,
                ["kpi"] = spec.Name,
                ["candidateMean"] = s.CandidateMean,
                ["liveMean"] = s.LiveMean,
                ["candidateCount"] = s.CandidateCount,
                ["liveCount"] = s.LiveCount,
                ["difference"] = s.Difference,
                ["standardError"] = s.StandardError,
                ["interval"] = double.IsNaN(s.Interval.Low) ? null : new[] { s.Interval.Low, s.Interval.High },
                ["intervalLevel"] = 1 - spec.Alpha,
                ["allowedLoss"] = s.AllowedLoss,
                ["pValue"] = s.RegressionP,
                ["adjustedPValue"] = s.AdjustedRegressionP,
                ["live"] = live,
            },
        };
}
