using System.Globalization;
using System.Text;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Drift;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// The drift gate's two error rates on one categorical feature, by simulation, beside the rules that do not pool rare
/// categories (docs/models.md quotes the table). The reference is 5,000 rows; the current window 100 or 1,000; the
/// categories four (40/30/20/10%) or a Zipf long tail (s = 1.1 over 1,000 or 10,000 categories: cities, merchants,
/// products).
/// Drift is ten points of the most common category's share moved to the others in proportion, or a category the
/// reference never had taking 5% of the current. The gate decides as <c>model drift</c> does
/// (<see cref="FeatureComparison"/>, <see cref="DriftGate.Adjust"/>); beside it, Pearson's chi-square on every category
/// with the same minimum effect (what the gate did before it pooled), Evidently's default for categories (chi-square
/// goodness of fit p ≤ 0.05 up to 1,000 current rows, else Jensen-Shannon distance ≥ 0.1) and PSI ≥ 0.1.
/// TOLLGATE_SIMULATION_RUNS sets the runs per cell (default 200; the docs used 2,000).
/// </summary>
public sealed class CategoricalDriftSimulationTests(ITestOutputHelper output)
{
    private static readonly DriftRequest Request = new(["reference"], "current");

    private static int Runs => SimulationRuns.PerCell(200, least: 200);

    private static readonly string[] Rules = ["tollgate", "chi-square on every category", "evidently", "psi"];

    private static readonly string[] Shapes = ["4 categories", "zipf 1,000", "zipf 10,000"];

    private static readonly string[] Changes = ["none", "top -10 points", "new 5%"];

    /// <summary>For each rule, the share of runs in which it flagged the feature.</summary>
    internal static double[] Simulate(int seed, int runs, string shape, int currentRows, string change)
    {
        var random = new Random(seed);
        var before = shape switch { "zipf 1,000" => Zipf(1_000, 1.1), "zipf 10,000" => Zipf(10_000, 1.1), _ => [0.4, 0.3, 0.2, 0.1] };
        var after = Changed(before, change);
        var flagged = new double[Rules.Length];
        for (var run = 0; run < runs; run++)
        {
            var reference = Draw(random, before, 5_000);
            var current = Draw(random, after, currentRows);
            var window = DriftGate.Adjust([FeatureComparison.Compare("(all)", new("f", null, reference, 0), new("f", null, current, 0), Request)], Request)[0];
            var categories = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();
            var r = categories.Select(k => reference.GetValueOrDefault(k)).ToArray();
            var c = categories.Select(k => current.GetValueOrDefault(k)).ToArray();
            var js = BinnedDistances.JensenShannon(r, c);
            bool[] rules =
            [
                window.Drifted,
                ChiSquared.Contingency(r, c).PValue < Request.Alpha && js >= Request.MinEffect,
                currentRows <= 1000 ? ChiSquared.GoodnessOfFit(r, c).PValue <= 0.05 : js >= 0.1,
                BinnedDistances.Psi(r, c) >= 0.1,
            ];
            for (var rule = 0; rule < Rules.Length; rule++)
            {
                flagged[rule] += rules[rule] ? 1 : 0;
            }
        }

        return flagged.Select(x => x / runs).ToArray();
    }

    private static double[] Zipf(int categories, double s)
    {
        var weights = Enumerable.Range(1, categories).Select(k => 1 / Math.Pow(k, s)).ToArray();
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }

    private static double[] Changed(double[] shares, string change) => change switch
    {
        "none" => shares,
        "top -10 points" => [shares[0] - 0.1, .. shares[1..].Select(p => p + (0.1 * p / (1 - shares[0])))],
        _ => [.. shares.Select(p => p * 0.95), 0.05],
    };

    private static Dictionary<string, long> Draw(Random random, double[] shares, int rows)
    {
        var cumulative = new double[shares.Length];
        double sum = 0;
        for (var k = 0; k < shares.Length; k++)
        {
            cumulative[k] = sum += shares[k];
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < rows; i++)
        {
            var at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            var key = "c" + Math.Min(at < 0 ? ~at : at, shares.Length - 1).ToString(CultureInfo.InvariantCulture);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }


    /// <summary>
    /// The gate's false alarms stay at α where categories are rare (the chi-square on every category fired on a third
    /// of unchanged long-tailed windows of 100 rows), and a category new in a small window is still caught.
    /// </summary>
    [Fact]
    public void Table_ErrorRatesByShapeAndSize_GateAtAlphaWhereCategoriesAreRare()
    {
        var runs = Runs;
        var table = new StringBuilder("| categories | reference / current rows | rule | false alarm | caught: top −10 points | new 5% |\n|---|---|---|---|---|---|\n");
        foreach (var shape in Shapes)
        {
            foreach (var currentRows in new[] { 100, 1_000 })
            {
                var cells = Changes.AsParallel().AsOrdered()
                    .Select((change, i) => Simulate(700 + (10 * i) + currentRows + shape.Length, runs, shape, currentRows, change)).ToArray();
                for (var rule = 0; rule < Rules.Length; rule++)
                {
                    table.Append(CultureInfo.InvariantCulture, $"| {shape} | 5,000 / {currentRows:N0} | {Rules[rule]} | {cells[0][rule]:0.000} | {cells[1][rule]:0.000} | {cells[2][rule]:0.000} |\n");
                }

                cells[0][0].ShouldBeLessThanOrEqualTo(SimulationRuns.Bound(runs, Request.Alpha), $"gate, unchanged {shape}, {currentRows} rows");
                if (shape == "zipf 1,000" && currentRows == 100)
                {
                    cells[0][1].ShouldBeGreaterThan(0.15, "the chi-square on every category, on sparse columns");
                }

                // A new category of 5% is caught in a window of 100, long tail or not (in 12% of windows it has two rows or fewer).
                cells[2][0].ShouldBeGreaterThan(shape == "4 categories" ? 0.85 : 0.8, $"gate, a new category of 5% in {currentRows} rows");
            }
        }

        output.WriteLine($"{runs} runs per cell");
        output.WriteLine(table.ToString());
    }
}
