using System.Globalization;
using System.Text;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// How many values a CSV column's tally gathers before counting them, and how many bytes of a file are parsed at a
/// time, follow the memory budget (a small heap gets short batches and blocks); the report never does.
/// </summary>
public sealed class StreamedDriftBatchTests
{
    [Theory]
    [InlineData("")]
    [InlineData("group")]
    public void TryCompare_ShortAndDefaultBatches_GiveTheSameReportToTheBit(string slice)
    {
        string[] sliceBy = slice.Length == 0 ? [] : [slice];
        // More rows than a whole batch: by default the continuous columns are kept from their first full batch and the
        // others counted half a million values at a time; in batches of 4,096 every column is counted until the probe,
        // and the continuous ones are then written out and kept.
        using var dir = new TempDirectory();
        var reference = Write(dir.File("ref.csv"), 600_000, 1, shift: 0);
        var current = Write(dir.File("cur.csv"), 540_000, 2, shift: 0.05);
        var request = new DriftRequest([reference], current) { SliceBy = sliceBy };

        var whole = StreamedDrift.TryCompare(request, default).ShouldNotBeNull();
        var shorter = StreamedDrift.TryCompare(request with { TallyBatch = ValueTally.MinBatch }, default).ShouldNotBeNull();

        shorter.ShouldBe(whole);
        Bits(shorter).ShouldBe(Bits(whole));
        var all = whole.Where(r => r.Slice == Tollgate.Models.Profiles.DatasetProfile.AllRows).ToDictionary(r => r.Feature);
        all["a"].Effect.ShouldBeGreaterThan(0.1, "the shifted column differs (DriftGate calls it drift)");
        all["count"].Effect.ShouldBeLessThan(0.1);
        all.Keys.Order(StringComparer.Ordinal).ShouldBe(new[] { "a", "b", "count", "group", "rounded" }.Except(sliceBy));
    }

    [Theory]
    [InlineData(12L << 30, 20, 8 << 20, ValueTally.Batch)] // a large machine: 8 MB blocks and half-million-value batches, as always
    [InlineData(1L << 30, 20, 8 << 20, ValueTally.Batch)] // a 2 GB heap
    [InlineData(256L << 20, 20, 8 << 20, 262_144)] // a 512 MB heap: twenty 2 MB batches, a quarter of the budget at most
    [InlineData(32L << 20, 20, 2 << 20, 32_768)] // a 64 MB heap: 2 MB blocks, twenty batches of 256 KB
    [InlineData(32L << 20, 1, 2 << 20, ValueTally.Batch)]
    [InlineData(1L, 20, 1 << 20, ValueTally.MinBatch)]
    public void BlockSizeAndBatch_Budget_FitTheHeapAndStayWholeOnALargeOne(long limit, int columns, int block, int batch)
    {
        var budget = new KeepBudget(limit);

        budget.BlockSize.ShouldBe(block);
        budget.Batch(columns).ShouldBe(batch);
    }

    // Per feature and slice, the bits of every figure.
    private static List<string> Bits(List<FeatureDrift> rows) =>
    [
        .. rows.Select(r => string.Join(' ', new[] { r.Statistic, r.PValue, r.AdjustedPValue, r.Effect, r.Psi, r.PsiPValue, r.JensenShannon, r.JensenShannonPValue, r.WassersteinNormalised }
            .Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture)).Prepend($"{r.Slice} {r.Feature} {r.ReferenceRows} {r.CurrentRows}"))),
    ];

    // A continuous column (kept), one with missing cells and signed zeros, counts (counted), a text column of three
    // groups and values rounded to two decimals.
    private static string Write(string path, int rows, int seed, double shift)
    {
        var random = new Random(seed);
        var text = new StringBuilder("a,count,b,group,rounded\n");
        for (var i = 0; i < rows; i++)
        {
            var count = Math.Floor(-Math.Log(1 - random.NextDouble()) * 5);
            var b = (i % 20) switch { 0 => "", 1 => "-0.0", 2 => "0", _ => (random.NextDouble() - 0.5).ToString("R", CultureInfo.InvariantCulture) };
            var group = (i * 7 % 3) switch { 0 => "x", 1 => "y", _ => "z" };
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{random.NextDouble() + shift:R},{count:R},{b},{group},{Math.Round(random.NextDouble(), 2):R}\n"));
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
