using Parquet;
using Parquet.Schema;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

public sealed class ParquetDoublesTests
{
    public static TheoryData<CompressionMethod, double, bool, string> Files() => new()
    {
        { CompressionMethod.Snappy, 0.8, false, "continuous" },
        { CompressionMethod.Snappy, 0.8, false, "ties" },
        { CompressionMethod.Snappy, 0.8, true, "ties" },
        { CompressionMethod.Snappy, 0.8, true, "continuous" },
        { CompressionMethod.None, 0.8, false, "ties" },
        { CompressionMethod.None, 0.8, true, "ties" },
        { CompressionMethod.None, 0, false, "ties" },
        { CompressionMethod.Snappy, 0, true, "ties" },
        { CompressionMethod.Snappy, 1, true, "special" },
        { CompressionMethod.Snappy, 1, false, "special" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task TryRead_WrittenByParquetNet_GivesItsValuesToTheBit(CompressionMethod compression, double dictionaryThreshold, bool nullable, string shape)
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var values = Values(shape, 70_001, seed: 5);
        DataField field = nullable ? new DataField<double?>("x") : new DataField<double>("x");
        await WriteAsync(path, field, values, nullable, compression, dictionaryThreshold, rowGroup: 30_000);

        var expected = await ReadWithParquetNetAsync(path, nullable);
        await using var reader = await ParquetReader.CreateAsync(path);
        var read = new double[values.Length];
        ParquetDoubles.TryRead(path, reader.Metadata!, reader.Schema.GetDataFields()[0], read).ShouldBeTrue();

        read.Select(BitConverter.DoubleToInt64Bits).ShouldBe(expected.Select(BitConverter.DoubleToInt64Bits));
        if (nullable)
        {
            read.Count(double.IsNaN).ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task ReadColumnAsync_GzipColumn_FallsBackToParquetNetWithTheSameValues()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        var values = Values("continuous", 5_000, seed: 3);
        await WriteAsync(path, new DataField<double>("x"), values, nullable: false, CompressionMethod.Gzip, 0.8, rowGroup: 2_000);

        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            ParquetDoubles.TryRead(path, reader.Metadata!, reader.Schema.GetDataFields()[0], new double[values.Length]).ShouldBeFalse();
        }

        (await ParquetTable.ReadColumnAsync(path, "x")).Numbers.ShouldBe(values);
    }

    [Fact]
    public async Task TryRead_RowCountOtherThanTheColumns_IsFalse()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.parquet");
        await WriteAsync(path, new DataField<double>("x"), Values("ties", 100, seed: 1), nullable: false, CompressionMethod.Snappy, 0.8, rowGroup: 100);

        await using var reader = await ParquetReader.CreateAsync(path);
        ParquetDoubles.TryRead(path, reader.Metadata!, reader.Schema.GetDataFields()[0], new double[99]).ShouldBeFalse();
    }

    // Continuous normals; ties (4 decimals, few distinct); or special values: ±0, ±∞, NaN, subnormals, extremes.
    private static double[] Values(string shape, int count, int seed)
    {
        var random = new Random(seed);
        double[] special = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e-310];
        return [.. Enumerable.Range(0, count).Select(i => shape switch
        {
            "continuous" => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()),
            "ties" => Math.Round(random.Next(0, 50) / 7.0, 4),
            _ => special[random.Next(special.Length)],
        })];
    }

    private static async Task WriteAsync(string path, DataField field, double[] values, bool nullable, CompressionMethod compression, double dictionaryThreshold, int rowGroup)
    {
        var options = new ParquetOptions { DictionaryEncodingThreshold = dictionaryThreshold, CompressionMethod = compression };
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream, options);
        for (var start = 0; start < values.Length; start += rowGroup)
        {
            var count = Math.Min(rowGroup, values.Length - start);
            using var group = writer.CreateRowGroup();
            if (nullable)
            {
                // Every eleventh value is null.
                var withNulls = values.Skip(start).Take(count).Select((v, i) => (start + i) % 11 == 0 ? null : (double?)v).ToArray();
                await group.WriteAsync<double>(field, withNulls.AsMemory());
            }
            else
            {
                await group.WriteAsync<double>(field, values.AsMemory(start, count));
            }
        }
    }

    private static async Task<double[]> ReadWithParquetNetAsync(string path, bool nullable)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var field = reader.Schema.GetDataFields()[0];
        var all = new List<double>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = checked((int)group.RowCount);
            if (nullable)
            {
                var values = new double?[count];
                await group.ReadAsync<double>(field, values.AsMemory(), null);
                all.AddRange(values.Select(v => v ?? double.NaN));
            }
            else
            {
                var values = new double[count];
                await group.ReadAsync<double>(field, values.AsMemory(), null);
                all.AddRange(values);
            }
        }

        return [.. all];
    }
}
