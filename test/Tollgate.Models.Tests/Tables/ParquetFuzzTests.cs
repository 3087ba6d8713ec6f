using CsCheck;
using Parquet;
using Parquet.Schema;
using Tollgate.Domain;
using Tollgate.Models.Tables;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// The Parquet reader (Parquet.Net's footer and pages, and Tollgate's own page decoder for doubles) on mutated files:
/// every column read, or one input error naming the file; never another exception, a hang or an allocation sized by a
/// corrupt length. Seeds are written by Parquet.Net: Snappy, gzip and stored, PLAIN and dictionary-encoded pages,
/// nullable columns (definition levels), several row groups.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ParquetFuzzTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public static TheoryData<string> Seeds => ["snappy", "gzip", "stored", "stored plain"];

    public void Dispose() => dir.Dispose();

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Read_MutatedParquet_ColumnsOrInputErrorNamingTheFile(string seed)
    {
        var bytes = await SeedAsync(seed);
        Fuzz.Mutations(bytes).Sample(file => Read(file), iter: Fuzz.Iterations(150));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Read_Seed_ReadWithoutError(string seed)
    {
        var bytes = await SeedAsync(seed);

        Read(bytes).ShouldBeNull(seed);
    }

    /// <summary>Null when every column of the file was read (whole, and one at a time); the input error when refused.</summary>
    internal InvalidInputException? Read(byte[] file)
    {
        var path = dir.File(Guid.NewGuid().ToString("N") + ".parquet");
        File.WriteAllBytes(path, file);
        try
        {
            var error = FuzzCase.Run(path, async () =>
            {
                var table = await TableFile.ReadAsync(path);
                var features = await FeatureTable.OpenAsync(path);
                features.Names.ShouldBe(table.Columns.Select(c => c.Name));
                foreach (var name in features.Names)
                {
                    var column = await features.ReadAsync(name);
                    column.Length.ShouldBe(table.Rows);
                    features.Release(column);
                }
            });
            if (error is not null)
            {
                error.Message.ShouldStartWith(path);
                error.Message.ShouldNotContain("\n");
            }

            return error;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Doubles with and without nulls, ints, longs, floats, booleans and text of few values (dictionary-encoded unless
    /// <c>plain</c>), in three row groups.
    /// </summary>
    internal static async Task<byte[]> SeedAsync(string seed)
    {
        var x = new DataField<double?>("x");
        var y = new DataField<double>("y");
        var n = new DataField<int?>("n");
        var l = new DataField<long>("l");
        var z = new DataField<float>("z");
        var flag = new DataField<bool?>("flag");
        var region = new DataField<string>("region");
        var options = new ParquetOptions
        {
            CompressionMethod = seed switch { "snappy" => CompressionMethod.Snappy, "gzip" => CompressionMethod.Gzip, _ => CompressionMethod.None },
            DictionaryEncodingThreshold = seed.EndsWith("plain", StringComparison.Ordinal) ? 0 : 0.8,
        };
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, y, n, l, z, flag, region), stream, options))
        {
            foreach (var (start, count) in new[] { (0, 40), (40, 25), (65, 30) })
            {
                var rows = Enumerable.Range(start, count).ToArray();
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<double>(x, rows.Select(i => i % 7 == 0 ? null : (double?)(i * 0.5)).ToArray().AsMemory());
                await group.WriteAsync<double>(y, rows.Select(i => (i % 5) + 0.25).ToArray().AsMemory());
                await group.WriteAsync<int>(n, rows.Select(i => i % 3 == 0 ? null : (int?)(i * 11)).ToArray().AsMemory());
                await group.WriteAsync<long>(l, rows.Select(i => (long)i * 1_000_000_007).ToArray().AsMemory());
                await group.WriteAsync<float>(z, rows.Select(i => i / 3f).ToArray().AsMemory());
                await group.WriteAsync<bool>(flag, rows.Select(i => i % 4 == 0 ? null : (bool?)(i % 2 == 0)).ToArray().AsMemory());
                await group.WriteAsync(region, rows.Select(i => i % 6 == 0 ? null : $"r{i % 4}").ToArray());
            }
        }

        return stream.ToArray();
    }
}
