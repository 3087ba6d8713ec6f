using Tollgate.Domain.Reports;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>A drift report lists the figures of every judged feature window, drifted or not, up to its cap.</summary>
public sealed class DriftFiguresTests
{
    private static FeatureDrift Window(int slice, int feature, double psi, bool drifted) =>
        new($"segment={slice}", $"f{feature:00000}", "numeric", 1000, 1000)
        {
            Test = "ks-asymptotic", Statistic = psi / 3, PValue = 0.5, AdjustedPValue = 1, EffectName = "wasserstein/std",
            Effect = psi / 2, Psi = psi, Drifted = drifted,
        };

    [Fact]
    public void Build_TenThousandFeaturesInFiftySlices_ListsTheCapFlaggedFirstThenLargestPsiAndCountsTheRest()
    {
        var random = new Random(5);
        var results = new List<FeatureDrift>(500_000);
        for (var slice = 0; slice < 50; slice++)
        {
            for (var feature = 0; feature < 10_000; feature++)
            {
                results.Add(Window(slice, feature, random.NextDouble() * 0.2, drifted: feature == 7 && slice % 10 == 0));
            }
        }

        results.Add(new FeatureDrift("segment=new", "f00001", "numeric", 0, 20) { TooSmall = true });

        var evidence = DriftReport.Build(new DriftRequest(["r.csv"], "c.csv"), results, "sha256:x");

        evidence.Figures.Count.ShouldBe(ReportFigure.MaxPerReport);
        evidence.Summary.Single(s => s.Key == "figuresOmitted").Value.ShouldBe(500_000 - ReportFigure.MaxPerReport);
        evidence.Findings.Count.ShouldBe(5);
        evidence.Figures.Take(5).ShouldAllBe(f => f.Flagged && f.Address == "f00007");
        var psi = evidence.Figures.Skip(5).Select(f => f.Values.Single(v => v.Key == "psi").Value).ToList();
        psi.ShouldBe(psi.OrderByDescending(p => p).ToList());
        psi[^1].ShouldBeGreaterThan(0.19); // the 4,995 largest of 500,000 uniform on [0, 0.2)
        evidence.Figures.ShouldNotContain(f => f.Slice == "segment=new");
    }

    [Fact]
    public void Build_NumericAndCategoricalWindows_NameTheirTestStatistics()
    {
        var numeric = Window(0, 1, 0.05, drifted: false);
        var categorical = new FeatureDrift("(all)", "region", "categorical", 500, 500)
        {
            Test = "chi-square", Statistic = 3.2, PValue = 0.36, AdjustedPValue = 0.7, Effect = 0.01, Psi = 0.004,
        };

        var figures = DriftReport.Build(new DriftRequest(["r.csv"], "c.csv"), [numeric, categorical], "sha256:x").Figures;

        figures.Single(f => f.Address == "f00001").Values.Select(v => v.Key).ShouldBe(["psi", "ks", "ksPValue", "adjustedPValue", "effectSize"]);
        var region = figures.Single(f => f.Address == "region");
        region.Values.Select(v => v.Key).ShouldBe(["psi", "chiSquare", "chiSquarePValue", "adjustedPValue", "effectSize"]);
        region.Values.Single(v => v.Key == "chiSquare").Value.ShouldBe(3.2);
        region.Flagged.ShouldBeFalse();
    }
}
