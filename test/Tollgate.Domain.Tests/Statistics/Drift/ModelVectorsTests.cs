using System.Text.Json;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

/// <summary>
/// The model gates' statistics against eng/scipy/make_model_vectors.py (SciPy 1.10, NumPy 1.24). Tolerances, relative:
/// bin edges and counts exact; PSI, Jensen-Shannon, W1/σ 1e-9 (summation order); their χ² p-values 1e-7; KS D 1e-12;
/// KS p 1e-9 when exact, 2% when asymptotic (SciPy's kstwo beyond n = 140 is not the limiting law we use); the
/// mSPRT p-values 1e-9.
/// </summary>
public sealed class ModelVectorsTests
{
    private static readonly JsonElement Vectors = SciPyVectors.Rows("models");

    [Fact]
    public void DriftComparison_SciPyVectors_MatchBinsDistancesAndTests()
    {
        foreach (var row in Vectors.GetProperty("binned").EnumerateArray())
        {
            var name = row.GetProperty("name").GetString();
            var reference = EmpiricalDistribution.FromValues(row.Numbers("reference"));
            var current = EmpiricalDistribution.FromValues(row.Numbers("current"));

            var edges = QuantileBins.Edges(reference, 10);
            var r = QuantileBins.Count(reference, edges);
            var c = QuantileBins.Count(current, edges);
            var walk = EcdfWalk.Of(reference, current);
            var ks = KolmogorovSmirnov.Test(walk);

            edges.ShouldBe(row.Numbers("edges"), name);
            r.ShouldBe(row.Numbers("referenceCounts").Select(v => (long)v).ToArray(), name);
            c.ShouldBe(row.Numbers("currentCounts").Select(v => (long)v).ToArray(), name);
            var psi = BinnedDistances.Psi(r, c);
            var js = BinnedDistances.JensenShannon(r, c);
            SciPyVectors.Close(psi, row.Number("psi"), 1e-9).ShouldBeTrue($"{name}: PSI {psi} vs {row.Number("psi")}");
            SciPyVectors.Close(BinnedDistances.PsiPValue(psi, reference.Total, current.Total, r.Length), row.Number("psiP"), 1e-7).ShouldBeTrue(name);
            SciPyVectors.Close(js, row.Number("js"), 1e-9).ShouldBeTrue(name);
            SciPyVectors.Close(BinnedDistances.JensenShannonPValue(js, reference.Total, current.Total, r.Length), row.Number("jsP"), 1e-7).ShouldBeTrue(name);
            SciPyVectors.Close(walk.Wasserstein, row.Number("w1"), 1e-9).ShouldBeTrue($"{name}: W1 {walk.Wasserstein} vs {row.Number("w1")}");
            SciPyVectors.Close(reference.StandardDeviation(), row.Number("stdRef"), 1e-9).ShouldBeTrue(name);
            ks.Statistic.ShouldBe(row.Number("d"), 1e-12, name);
            SciPyVectors.Close(ks.PValue, row.Number("ksP"), ks.Method == KsMethod.Exact ? 1e-9 : 0.02)
                .ShouldBeTrue($"{name}: KS p {ks.PValue} ({ks.Method}) vs {row.Number("ksP")}");
        }
    }

    [Fact]
    public void KpiMixtureSprt_SciPyVectors_MatchBothOneSidedPValues()
    {
        foreach (var row in Vectors.GetProperty("msprt").EnumerateArray())
        {
            var name = row.GetProperty("name").GetString();
            var candidate = row.GetProperty("candidate");
            var live = row.GetProperty("live");
            var allowed = row.Number("allowed");
            var difference = candidate.Number("mean") - live.Number("mean");
            var variance = (candidate.Number("variance") / candidate.Number("count")) + (live.Number("variance") / live.Number("count"));

            var regression = AlwaysValid.OneSided(difference, variance, -allowed, allowed * allowed, greater: false);
            var nonInferiority = AlwaysValid.OneSided(difference, variance, -allowed, allowed * allowed, greater: true);

            variance.ShouldBe(row.Number("welchVariance"), 1e-12 * variance, name);
            SciPyVectors.Close(regression, row.Number("regressionP"), 1e-9).ShouldBeTrue($"{name}: {regression} vs {row.Number("regressionP")}");
            SciPyVectors.Close(nonInferiority, row.Number("nonInferiorityP"), 1e-9).ShouldBeTrue($"{name}: {nonInferiority} vs {row.Number("nonInferiorityP")}");
        }
    }
}
