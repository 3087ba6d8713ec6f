using Tollgate.Domain.Findings;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Promotion;

/// <summary>
/// <c>kpi-outcome-missing</c>: the candidate's prediction-log rows more often have no KPI value than the live
/// version's. Requests that crashed, timed out or lost their outcome are not counted by the KPI test, so a gate that
/// only sees outcomes could be passed by failing on the others. The decision (<see cref="Decide"/>) is the one
/// <c>eng/bench/MissingOutcome.cs</c> measures, by calling it.
/// </summary>
public static class KpiOutcomeMissing
{
    /// <summary>The practical minimum: a higher share by less than 1 point (0.1 % vs 0.2 % on millions of rows) is no finding.</summary>
    public const double MinimumDifference = 0.01;

    /// <summary>
    /// One-sided: is the candidate's share of rows without a value (<paramref name="candidateMissing"/> of
    /// <paramref name="candidateRows"/>) higher than the live version's at <paramref name="alpha"/>, by the pooled
    /// two-proportion z-test, or Fisher's exact (hypergeometric upper tail) when an expected count of the 2x2 table is
    /// under 5, and by at least <paramref name="minimumDifference"/>? Both arms need at least one row.
    /// </summary>
    public static MissingShares Decide(long candidateMissing, long candidateRows, long liveMissing, long liveRows, double alpha, double minimumDifference = MinimumDifference)
    {
        var (mc, nc, ml, nl) = (candidateMissing, candidateRows, liveMissing, liveRows);
        var difference = (double)mc / nc - (double)ml / nl;
        var total = nc + nl;
        var missing = mc + ml;
        var smallest = Math.Min(missing, total - missing) * (double)Math.Min(nc, nl) / total;
        double p;
        if (smallest < 5)
        {
            // Fisher's exact, one-sided: P(X ≥ mc), X hypergeometric (total rows, missing rows, candidate rows).
            p = SparseCategories.FisherGreater(mc, missing, nl, nc);
        }
        else
        {
            var pooled = (double)missing / total;
            var z = difference / Math.Sqrt(pooled * (1 - pooled) * (1.0 / nc + 1.0 / nl));
            p = Normal.Survival(z);
        }

        return new MissingShares(mc, nc, ml, nl, difference, Math.Min(1, p), smallest < 5, p < alpha && AtLeast(mc, nc, ml, nl, minimumDifference));
    }

    public static Finding Finding(ModelVersion candidate, string live, KpiSpec spec, MissingShares s) =>
        new(Models.ModelRules.KpiOutcomeMissing.Id, Models.ModelRules.KpiOutcomeMissing.DefaultSeverity, candidate.Id,
            $"{spec.Name}: {Share(s.CandidateMissing, s.CandidateRows)} of {candidate.Id}'s rows have no KPI value ({s.CandidateMissing} of {s.CandidateRows}) vs {Share(s.LiveMissing, s.LiveRows)} of {candidate.Name}@{live}'s ({s.LiveMissing} of {s.LiveRows}); "
            + $"one-sided {(s.Fisher ? "Fisher's exact" : "two-proportion z")} p {Gates.PValueText.Of(s.P, spec.Alpha)} at α {PromoteGate.F(spec.Alpha)}, {PromoteGate.F(100 * s.Difference)} points higher (at least {PromoteGate.F(100 * MinimumDifference)}): the KPI does not count these requests")
        {
            Evidence = new Dictionary<string, object?>
            {
                ["kpi"] = spec.Name,
                ["candidateMissing"] = s.CandidateMissing,
                ["candidateRows"] = s.CandidateRows,
                ["liveMissing"] = s.LiveMissing,
                ["liveRows"] = s.LiveRows,
                ["difference"] = s.Difference,
                ["test"] = s.Fisher ? "fisher-exact" : "two-proportion-z",
                ["pValue"] = s.P,
                ["alpha"] = spec.Alpha,
                ["live"] = live,
            },
        };

    private static string Share(long part, long whole) => PromoteGate.F(100.0 * part / whole) + "%";

    // mc/nc − ml/nl ≥ δ, compared exactly: mc·nl − ml·nc ≥ δ·nc·nl in integers, δ as its decimal digits (0.01 = 1/100),
    // so a gap of exactly 1 point (3 of 100 vs 2 of 100) counts; in doubles it comes out just under 0.01.
    private static bool AtLeast(long mc, long nc, long ml, long nl, double minimumDifference)
    {
        var delta = (decimal)minimumDifference;
        var scale = Int128.One;
        for (var i = 0; i < delta.Scale; i++)
        {
            scale *= 10;
        }

        var numerator = (Int128)(delta * (decimal)scale);
        return ((Int128)mc * nl - (Int128)ml * nc) * scale >= numerator * nc * nl;
    }
}
