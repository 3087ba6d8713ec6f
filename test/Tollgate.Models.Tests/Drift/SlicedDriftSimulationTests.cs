using System.Globalization;
using System.Text;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Drift;
using Xunit.Abstractions;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// The drift gate over slices of unequal size, by simulation (docs/models.md quotes the table): 10 numeric features,
/// N(0, 1), in 8 slices holding 40/20/15/10/6/4/3/2% of the rows, each judged on its own and in <c>(all)</c>, Holm
/// across all 90 windows as <c>model drift --slice-by</c> does. Drift is a shift of the first feature in one slice only:
/// the largest or the smallest. Beside it, the anchors' per-window rules uncorrected (Evidently's default, PSI ≥ 0.1).
/// TOLLGATE_SIMULATION_RUNS sets the runs per cell (default 30; the docs used 200).
/// </summary>
public sealed class SlicedDriftSimulationTests(ITestOutputHelper output)
{
    private const int Features = 10;

    private static readonly double[] Shares = [0.40, 0.20, 0.15, 0.10, 0.06, 0.04, 0.03, 0.02];

    private static readonly DriftRequest Request = new(["reference"], "current");

    private static int Runs => SimulationRuns.PerCell(30);

    /// <summary>Shares of runs: the shifted window flagged, any other window flagged (gate, evidently, psi).</summary>
    internal static (double[] Caught, double[] FalseAlarm) Simulate(int seed, int runs, int referenceRows, int currentRows, int shiftedSlice, double shift)
    {
        var random = new Random(seed);
        var caught = new double[3];
        var falseAlarm = new double[3];
        for (var run = 0; run < runs; run++)
        {
            var windows = new List<FeatureDrift>();
            var anchors = new List<bool[]>();
            var shifted = new List<bool>();
            for (var f = 0; f < Features; f++)
            {
                var referenceSlices = Shares.Select(s => FeatureTables.Normal(random, (int)(referenceRows * s), 0)).ToArray();
                var currentSlices = Shares.Select((s, i) => FeatureTables.Normal(random, (int)(currentRows * s), f == 0 && i == shiftedSlice ? shift : 0)).ToArray();
                Add("(all)", [.. referenceSlices.SelectMany(v => v)], [.. currentSlices.SelectMany(v => v)], false);
                for (var i = 0; i < Shares.Length; i++)
                {
                    Add($"s{i}", referenceSlices[i], currentSlices[i], f == 0 && shift != 0 && i == shiftedSlice);
                }

                void Add(string slice, double[] reference, double[] current, bool isShifted)
                {
                    var r = EmpiricalDistribution.FromValues(reference);
                    var c = EmpiricalDistribution.FromValues(current);
                    var window = FeatureComparison.Compare(slice, new FeatureSample("f" + f, r, null, 0), new FeatureSample("f" + f, c, null, 0), Request);
                    windows.Add(window);
                    anchors.Add([false, !window.TooSmall && (window.ReferenceRows > 1000 ? window.WassersteinNormalised >= 0.1 : window.PValue <= 0.05), !window.TooSmall && window.Psi >= 0.1]);
                    shifted.Add(isShifted);
                }
            }

            var decided = DriftGate.Adjust(windows, Request);
            for (var rule = 0; rule < 3; rule++)
            {
                bool Flags(int w) => rule == 0 ? decided[w].Drifted : anchors[w][rule];
                caught[rule] += Enumerable.Range(0, windows.Count).Any(w => shifted[w] && Flags(w)) ? 1 : 0;
                // The (all) window of the shifted feature holds the shift too (diluted): neither a catch nor a false alarm.
                falseAlarm[rule] += Enumerable.Range(0, windows.Count).Any(w => !shifted[w] && !(shift != 0 && windows[w].Feature == "f0" && windows[w].Slice == "(all)") && Flags(w)) ? 1 : 0;
            }
        }

        return (caught.Select(x => x / runs).ToArray(), falseAlarm.Select(x => x / runs).ToArray());
    }

    /// <summary>
    /// Ninety windows, one alarm rate: the gate's false alarms per table stay at α, where the anchors' per-window rules
    /// fire on most tables; a 0.5σ shift in the largest slice is caught, one in the smallest (2% of the rows) only when
    /// the window is large enough to see it.
    /// </summary>
    [Fact]
    public void Table_ShiftInOneSliceOfEight_GateAtAlphaAcrossNinetyWindows()
    {
        var runs = Runs;
        var table = new StringBuilder("| reference / current rows | rule | false alarm: any unchanged window of 90 | caught: 0.5σ in the 40% slice | 0.5σ in the 2% slice |\n|---|---|---|---|---|\n");
        string[] rules = ["tollgate", "evidently", "psi"];
        // Current windows as large as the reference cost minutes (exact KS p-values of slices of 5,000 against 5,000):
        // only when the runs are set, as for the docs.
        foreach (var (referenceRows, currentRows) in SimulationRuns.Set ? new[] { (50_000, 5_000), (50_000, 50_000) } : [(50_000, 5_000)])
        {
            var cells = new[] { (0, 0.0), (0, 0.5), (7, 0.5) }.AsParallel().AsOrdered()
                .Select((c, i) => Simulate(900 + i + currentRows, runs, referenceRows, currentRows, c.Item1, c.Item2)).ToArray();
            for (var rule = 0; rule < rules.Length; rule++)
            {
                table.Append(CultureInfo.InvariantCulture, $"| {referenceRows:N0} / {currentRows:N0} | {rules[rule]} | {cells[0].FalseAlarm[rule]:0.000} | {cells[1].Caught[rule]:0.000} | {cells[2].Caught[rule]:0.000} |\n");
            }

            cells[0].FalseAlarm[0].ShouldBeLessThanOrEqualTo(SimulationRuns.Bound(runs, Request.Alpha), $"gate, {currentRows} current rows");
            cells[1].Caught[0].ShouldBeGreaterThan(0.9, $"gate, 0.5σ in the 40% slice, {currentRows} current rows");
        }

        output.WriteLine($"{runs} runs per cell");
        output.WriteLine(table.ToString());
    }
}
