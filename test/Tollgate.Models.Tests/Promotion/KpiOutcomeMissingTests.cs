using System.Globalization;
using System.Text;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// <c>kpi-outcome-missing</c>: known answers of the one-sided test (SciPy's <c>norm.sf</c> of the pooled z and
/// <c>fisher_exact(alternative='greater')</c>), and the walkthrough's candidate that loses one outcome in five.
/// </summary>
public sealed class KpiOutcomeMissingTests
{
    [Fact]
    public void Decide_TwentyPercentAgainstNone_IsAFinding()
    {
        // z = 51.64, norm.sf(z) = 0.0.
        var shares = KpiOutcomeMissing.Decide(2400, 12000, 0, 12000, 0.05);

        shares.Fisher.ShouldBeFalse();
        shares.P.ShouldBeLessThan(1e-300);
        shares.Difference.ShouldBe(0.2, 1e-12);
        shares.Higher.ShouldBeTrue();
    }

    [Fact]
    public void Decide_EqualShares_IsNoFinding()
    {
        var shares = KpiOutcomeMissing.Decide(100, 10000, 100, 10000, 0.05);

        shares.P.ShouldBe(0.5, 1e-7);
        shares.Higher.ShouldBeFalse();
    }

    [Theory]
    // 0.2 % vs 0.1 % of 1M rows a version: z 18.27, p 7.0259e-75, but 0.1 point.
    [InlineData(2000, 1000000, 1000, 1000000, 7.025917144522477e-75)]
    // 1.6 % vs 1.0 % of 10,000: z 3.7455, p 9.0029e-5, but 0.6 point.
    [InlineData(160, 10000, 100, 10000, 9.002918037781373e-05)]
    public void Decide_SignificantButUnderOnePoint_IsNoFinding(long mc, long nc, long ml, long nl, double scipyP)
    {
        var shares = KpiOutcomeMissing.Decide(mc, nc, ml, nl, 0.05);

        shares.Fisher.ShouldBeFalse();
        shares.P.ShouldBe(scipyP, scipyP * 1e-6);
        shares.Higher.ShouldBeFalse();
    }

    [Theory]
    // 3 % vs 2 % of 100,000 rows a version: exactly 1 point (in doubles 0.03 − 0.02 is 0.009999999999999998), z 14.
    [InlineData(3000, 100000, 2000, 100000, true)]
    [InlineData(30000, 1000000, 20000, 1000000, true)]
    // One row fewer is 0.999 point: significant, but under the minimum.
    [InlineData(2999, 100000, 2000, 100000, false)]
    public void Decide_ExactlyOnePointHigher_CountsAsAtLeastOnePoint(long mc, long nc, long ml, long nl, bool higher)
    {
        var shares = KpiOutcomeMissing.Decide(mc, nc, ml, nl, 0.05);

        shares.Fisher.ShouldBeFalse();
        shares.P.ShouldBeLessThan(1e-20);
        shares.Higher.ShouldBe(higher);
    }

    [Fact]
    public void Decide_ThreePercentAgainstOneAndAHalf_MatchesScipyZ()
    {
        // z 7.1520, norm.sf(z) = 4.2766e-13.
        var shares = KpiOutcomeMissing.Decide(300, 10000, 150, 10000, 0.05);

        shares.P.ShouldBe(4.2765834474904553e-13, 4.2765834474904553e-13 * 1e-6);
        shares.Higher.ShouldBeTrue();
    }

    [Theory]
    // fisher_exact([[6, 34], [0, 40]], alternative='greater').pvalue: an expected count of 3.
    [InlineData(6, 40, 0, 40, 0.012773302646720367, true)]
    // [[4, 46], [0, 50]]: 8 points higher, p 0.0587 not under α.
    [InlineData(4, 50, 0, 50, 0.058731646360512334, false)]
    // [[3, 97], [1, 99]]: p 0.3106.
    [InlineData(3, 100, 1, 100, 0.3106012294977425, false)]
    public void Decide_SmallCounts_UseFishersExact(long mc, long nc, long ml, long nl, double scipyP, bool higher)
    {
        var shares = KpiOutcomeMissing.Decide(mc, nc, ml, nl, 0.05);

        shares.Fisher.ShouldBeTrue();
        shares.P.ShouldBe(scipyP, 1e-9);
        shares.Higher.ShouldBe(higher);
    }

    [Fact]
    public void Decide_NoneMissingAnywhere_IsNoFinding() =>
        KpiOutcomeMissing.Decide(0, 1000000, 0, 1000000, 0.05).ShouldSatisfyAllConditions(s => s.P.ShouldBe(1, 1e-9), s => s.Higher.ShouldBeFalse());

    [Fact]
    public async Task Promote_CandidateLosingEveryFifthOutcome_AsksForAReviewInsteadOfPassing()
    {
        // The walkthrough: every 5th KPI value of the candidate is NA (20 %), none of the live version's.
        await using var m = await ModelLedger.OpenAsync();
        await RegisterAsync(m, "1");
        await RegisterAsync(m, "2");
        (await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@1") { Initial = true }, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        m.Clock.Advance(TimeSpan.FromDays(1));
        await m.Drills.RecordDrillAsync(new Tollgate.Domain.Delivery.Drill("model:fraud", true, TimeSpan.FromSeconds(3), m.Clock.GetUtcNow()));
        m.Write("kpi.yaml", ModelFixtures.KpiSpec);
        var random = new Random(1);
        var text = new StringBuilder("request_id,model_version,region,prediction,converted\n");
        var id = 0;
        foreach (var region in new[] { "eu", "us" })
        {
            foreach (var version in new[] { "1", "2" })
            {
                for (var i = 0; i < 40000; i++)
                {
                    // The candidate converts a little better where it has an outcome, so the KPI alone would promote it.
                    var converted = random.NextDouble() < (version == "2" ? 0.11 : 0.10) ? "1" : "0";
                    text.Append(CultureInfo.InvariantCulture, $"r{id++},{version},{region},0.5,{(version == "2" && i % 5 == 4 ? "NA" : converted)}\n");
                }
            }
        }

        m.Write("log.csv", text.ToString());

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Review, report.Reason);
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("kpi-outcome-missing");
        finding.Message.ShouldBe("conversion: 20% of fraud@2's rows have no KPI value (16000 of 80000) vs 0% of fraud@1's (0 of 80000); one-sided two-proportion z p <1e-300 at α 0.05, 20 points higher (at least 1): the KPI does not count these requests");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1");
    }

    private static async Task RegisterAsync(ModelLedger m, string version)
    {
        m.Write($"model-{version}.bin", "weights " + version);
        m.Write("train.csv", "x\n1\n");
        (await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", version, $"model-{version}.bin", ["train.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);
    }
}
