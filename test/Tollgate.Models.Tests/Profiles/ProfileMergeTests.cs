using CsCheck;
using Tollgate.Models.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Profiles;

public sealed class ProfileMergeTests
{
    private static Table Table(double[] numbers, string[] categories) =>
        new("t", [Column.Numeric("x", numbers), Column.Text("c", categories)], numbers.Length);

    private static readonly Gen<(double[] X, string[] C)> Rows =
        Gen.Int[1, 300].SelectMany(n => Gen.Select(
            Gen.Double[-1e6, 1e6].Array[n].Select(a => a.Select((v, i) => i % 7 == 0 ? Math.Round(v) : v).ToArray()),
            Gen.Int[0, 3].Select(i => "abcd"[i].ToString()).Array[n]));

    [Fact]
    public void Merge_ShardProfiles_DriftEqualsThatOfTheWholeData()
    {
        var currentTable = Table(Enumerable.Range(0, 200).Select(i => i * 37.5 - 3000).ToArray(), Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? "a" : "b").ToArray());
        var current = SampleSet.FromProfile(DatasetProfile.Build(currentTable, []), "cur");
        var request = new DriftRequest(["r"], "c") { MinRows = 2 };
        Gen.Select(Rows, Rows).Sample(((double[] X, string[] C) a, (double[] X, string[] C) b) =>
        {
            var merged = DatasetProfile.Build(Table(a.X, a.C), []);
            merged.Merge(DatasetProfile.Build(Table(b.X, b.C), []));
            var whole = DatasetProfile.Build(Table([.. a.X, .. b.X], [.. a.C, .. b.C]), []);
            var fromMerged = SampleSet.FromProfile(merged, "m").Slices[DatasetProfile.AllRows];
            var fromWhole = SampleSet.FromProfile(whole, "w").Slices[DatasetProfile.AllRows];
            foreach (var feature in new[] { "x", "c" })
            {
                var m = FeatureComparison.Compare("(all)", fromMerged[feature], current.Slices[DatasetProfile.AllRows][feature], request);
                var w = FeatureComparison.Compare("(all)", fromWhole[feature], current.Slices[DatasetProfile.AllRows][feature], request);
                if (m != w)
                {
                    return false;
                }
            }

            return merged.Slices[DatasetProfile.AllRows].Rows == a.X.Length + b.X.Length;
        }, iter: 200);
    }

    [Fact]
    public void Merge_DifferentSliceColumns_IsInvalidInput()
    {
        var a = DatasetProfile.Build(Table([1, 2], ["a", "b"]), ["c"]);
        var b = DatasetProfile.Build(Table([1, 2], ["a", "b"]), []);
        Should.Throw<Domain.InvalidInputException>(() => a.Merge(b)).Message
            .ShouldBe("cannot merge a profile sliced by nothing (no --slice-by) into one sliced by c: profile every shard with the same --slice-by");
    }

    [Fact]
    public void ToDistribution_Buckets_StayWithinHalfAPercentOfTheValues()
    {
        var profile = FeatureProfile.Numeric();
        double[] values = [-250.5, -1e-3, 0, 3.3e-7, 1, 42.42, 9.9e12];
        foreach (var v in values)
        {
            profile.Add(v);
        }

        var distribution = profile.ToDistribution();
        distribution.Total.ShouldBe(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Math.Abs(distribution.Values[i] - values[i]).ShouldBeLessThanOrEqualTo(FeatureProfile.RelativeAccuracy * Math.Abs(values[i]) + 1e-300);
        }
    }

    [Fact]
    public async Task ProfileFiles_RoundTripAndMerge_GiveTheSameReportAsTheWholeReference()
    {
        using var dir = new TempDirectory();
        var first = FeatureTables.WriteCsv(dir.File("a.csv"), 1500, 11);
        var second = FeatureTables.WriteCsv(dir.File("b.csv"), 1500, 12);
        var lines = File.ReadAllLines(first).Concat(File.ReadAllLines(second).Skip(1));
        var whole = dir.File("whole.csv");
        File.WriteAllLines(whole, lines);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 2000, 13, euIncomeShift: 4);
        foreach (var (source, target) in new[] { (first, "a.json"), (second, "b.json"), (whole, "whole.json") })
        {
            ProfileFile.Write(DatasetProfile.Build(await TableFile.ReadAsync(source), ["region"]), dir.File(target));
        }

        var merged = await Judged.DriftAsync(new DriftRequest([dir.File("a.json"), dir.File("b.json")], current) { SliceBy = ["region"] });
        var single = await Judged.DriftAsync(new DriftRequest([dir.File("whole.json")], current) { SliceBy = ["region"] });
        merged.Verdict.ShouldBe(Domain.Verdicts.Verdict.Fail);
        Domain.Reports.ReportJson.Serialize(merged with { Digest = "", Facts = [] })
            .ShouldBe(Domain.Reports.ReportJson.Serialize(single with { Digest = "", Facts = [] }));
    }

    [Fact]
    public async Task Drift_ProfileMergedWithATable_SaysTheTableMustBeProfiledFirst()
    {
        // Before: "b.csv: not a Tollgate profile (line 1, column 1: not well-formed JSON)", the table read as a profile.
        using var dir = new TempDirectory();
        var first = FeatureTables.WriteCsv(dir.File("a.csv"), 300, 11);
        var second = FeatureTables.WriteCsv(dir.File("b.csv"), 300, 12);
        ProfileFile.Write(DatasetProfile.Build(await TableFile.ReadAsync(first), ["region"]), dir.File("a.json"));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => Judged.DriftAsync(new DriftRequest([dir.File("a.json"), second], first) { SliceBy = ["region"] }));

        error.Message.ShouldBe($"--reference {dir.File("a.json")},{second}: {second} is a table, and a merged reference takes profiles only: profile it first (tollgate model profile {second} -o {dir.File("b.json")} --slice-by region) and merge that");
    }

    [Fact]
    public void ToDistribution_ExtremeMagnitudes_EveryValueCountedAtAFiniteStrictlyIncreasingPoint()
    {
        // The largest doubles (whose bucket's 2γ^k/(γ+1) would overflow) and subnormals (whose neighbouring buckets share a double).
        double[] values = [1.79e308, 1.7e308, -1.79e308, double.Epsilon, 1e-323, 1.5e-323, 2e-323, -double.Epsilon, 0, 1, 2.5];
        var profile = FeatureProfile.Numeric();
        foreach (var v in values)
        {
            profile.Add(v);
        }

        var distribution = profile.ToDistribution();

        distribution.Total.ShouldBe(values.Length);
        var points = distribution.Values.ToArray();
        points.ShouldAllBe(v => double.IsFinite(v));
        points.Zip(points.Skip(1)).ShouldAllBe(p => p.First < p.Second);
        points[^1].ShouldBe(double.MaxValue);
    }
}
