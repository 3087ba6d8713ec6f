using System.Globalization;
using System.Text;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Drift;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// The drift gate's two error rates by simulation, beside the anchors' rules on the same data (docs/models.md quotes the
/// table). Each run is a table of 20 numeric features, reference and current drawn from N(0, 1); in the power runs the
/// first feature's current values are shifted by a share of σ. The gate decides as <c>model drift</c> does
/// (<see cref="FeatureComparison"/>, then Holm across the 20 windows and the minimum effect: <see cref="DriftGate.Adjust"/>).
/// The anchors, per feature and uncorrected: Evidently's default (KS p ≤ 0.05 up to 1,000 reference rows, else
/// W1/σ ≥ 0.1), the PSI rule of thumb (PSI ≥ 0.1, on the same ten reference-decile bins), and NannyML's band (KS D above
/// the mean + 3σ of D between chunks of the reference, each as large as the current window, and the whole reference).
/// TOLLGATE_SIMULATION_RUNS sets the runs per cell (default 80; the docs used 400).
/// </summary>
public sealed class DriftSimulationTests(ITestOutputHelper output)
{
    private const int Features = 20;

    private static readonly DriftRequest Request = new(["reference"], "current");

    private static int Runs => SimulationRuns.PerCell(80);

    private static readonly string[] Rules = ["tollgate", "evidently", "psi", "nannyml"];

    /// <summary>For each rule: the share of runs that flagged the shifted feature, and that flagged any same-distribution one.</summary>
    internal static (double[] Flagged, double[] FalseAlarm) Simulate(int seed, int runs, int referenceRows, int currentRows, double shift)
    {
        var random = new Random(seed);
        var flagged = new double[Rules.Length];
        var falseAlarm = new double[Rules.Length];
        var chunks = referenceRows / currentRows;
        for (var run = 0; run < runs; run++)
        {
            var windows = new List<FeatureDrift>(Features);
            var anchors = new bool[Features, Rules.Length];
            for (var f = 0; f < Features; f++)
            {
                var referenceValues = FeatureTables.Normal(random, referenceRows, 0);
                var currentValues = FeatureTables.Normal(random, currentRows, f == 0 ? shift : 0);
                var reference = EmpiricalDistribution.FromValues(referenceValues);
                var current = EmpiricalDistribution.FromValues(currentValues);
                var window = FeatureComparison.Compare("(all)", new FeatureSample("f" + f, reference, null, 0), new FeatureSample("f" + f, current, null, 0), Request);
                windows.Add(window);
                anchors[f, 1] = referenceRows > 1000 ? window.WassersteinNormalised >= 0.1 : window.PValue <= 0.05;
                anchors[f, 2] = window.Psi >= 0.1;
                anchors[f, 3] = chunks >= 5 && window.Statistic > NannyMlBand(reference, referenceValues, currentRows, chunks);
            }

            var decided = DriftGate.Adjust(windows, Request);
            for (var rule = 0; rule < Rules.Length; rule++)
            {
                bool Flags(int f) => rule == 0 ? decided[f].Drifted : anchors[f, rule];
                var from = shift == 0 ? 0 : 1;
                flagged[rule] += shift != 0 && Flags(0) ? 1 : 0;
                falseAlarm[rule] += Enumerable.Range(from, Features - from).Any(Flags) ? 1 : 0;
            }
        }

        return (flagged.Select(x => x / runs).ToArray(), falseAlarm.Select(x => x / runs).ToArray());
    }

    // The mean + 3σ of KS D between each reference chunk (as large as the current window) and the whole reference.
    private static double NannyMlBand(EmpiricalDistribution reference, double[] referenceValues, int chunkRows, int chunks)
    {
        var d = new double[chunks];
        for (var c = 0; c < chunks; c++)
        {
            d[c] = KolmogorovSmirnov.Statistic(reference, EmpiricalDistribution.FromValues(referenceValues.AsSpan(c * chunkRows, chunkRows)));
        }

        var mean = d.Average();
        return mean + 3 * Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (chunks - 1));
    }


    /// <summary>
    /// One simulation serves the table and every claim made of it: the gate's false alarms per table stay at α, while
    /// Evidently's default and the PSI rule fire on nearly every small window of unchanged data; a 0.5σ shift is caught
    /// from a thousand rows.
    /// </summary>
    [Fact]
    public void Table_ErrorRatesBySize_GateAtAlphaAnchorsOnNoise()
    {
        var runs = Runs;
        var table = new StringBuilder("| reference / current rows | rule | false alarm: any of 20 unchanged features | caught: 0.1σ shift | 0.2σ | 0.5σ |\n|---|---|---|---|---|---|\n");
        // Current windows as large as the reference cost seconds a run (the exact KS p-value of 5,000 against 5,000):
        // only when the runs are set, as for the docs.
        var sizes = !SimulationRuns.Set ? new[] { 100, 1_000 } : [100, 1_000, 5_000];
        foreach (var currentRows in sizes)
        {
            // The four cells of a size on every core; each has its own seed, so the figures do not depend on the order.
            var cells = new[] { 0, 0.1, 0.2, 0.5 }.AsParallel().AsOrdered()
                .Select((s, i) => Simulate(100 + (10 * i) + currentRows, runs, 5_000, currentRows, s)).ToArray();
            var same = cells[0];
            var shifted = cells[1..];
            for (var rule = 0; rule < Rules.Length; rule++)
            {
                if (rule == 3 && 5_000 / currentRows < 5)
                {
                    continue;
                }

                table.Append(CultureInfo.InvariantCulture, $"| 5,000 / {currentRows:N0} | {Rules[rule]} | {same.FalseAlarm[rule]:0.000} | {shifted[0].Flagged[rule]:0.000} | {shifted[1].Flagged[rule]:0.000} | {shifted[2].Flagged[rule]:0.000} |\n");
            }

            same.FalseAlarm[0].ShouldBeLessThanOrEqualTo(SimulationRuns.Bound(runs, Request.Alpha), $"gate, any of 20 unchanged features of {currentRows} rows");
            if (currentRows == 100)
            {
                same.FalseAlarm[1].ShouldBeGreaterThan(0.9, "Evidently's W1/σ ≥ 0.1 on 100 rows");
                same.FalseAlarm[2].ShouldBeGreaterThan(0.9, "PSI ≥ 0.1 on 100 rows");
            }
            else
            {
                shifted[2].Flagged[0].ShouldBeGreaterThan(0.97, $"gate, 0.5σ shift in {currentRows} rows");
            }
        }

        output.WriteLine($"{runs} runs per cell");
        output.WriteLine(table.ToString());
    }
}
