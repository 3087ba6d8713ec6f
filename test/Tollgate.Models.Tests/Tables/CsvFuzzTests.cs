using System.IO.Compression;
using System.Text;
using CsCheck;
using Tollgate.Domain;
using Tollgate.Models.Tables;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// The CSV readers on mutated files: the general reader (<see cref="CsvTable"/>, <see cref="FeatureTable"/>, through
/// gzip too) reads the table or gives one input error naming the file; the block reader (<see cref="CsvBlocks"/>, in
/// blocks of a few bytes so that every core takes several) either leaves the file to it or gives its numbers bit for bit.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class CsvFuzzTests : IDisposable
{
    /// <summary>A header, quoted cells (with commas, doubled quotes and a line break), text, missing cells and spellings of numbers.</summary>
    internal const string Quoted = "id,amount,region,note\n"
        + "1,12.5,eu,\"a, b\"\n2,,us,\"say \"\"hi\"\"\"\n3,7e3,,plain\n4,-0.25,eu,\"two\nlines\"\n5,NA,apac,\n"
        + "6,1.5E-3,us,x\r\n7,.5,eu,\"\"\n8,+3,us,y\n9,NaN,eu,z\n10,1e308,apac,w\n";

    /// <summary>Numbers and text without quotes (what the block reader and the streamed drift take), missing cells, CRLF.</summary>
    internal static readonly string Plain = "amount,count,region,score\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
        $"{(i % 9 == 0 ? "" : (i * 0.75).ToString(System.Globalization.CultureInfo.InvariantCulture))},{i % 4},{(i % 11 == 0 ? "" : "r" + (i % 3))},{(i % 13 == 0 ? "NA" : (i * 37 % 101) + "e-2")}{(i % 10 == 0 ? "\r\n" : "\n")}"));

    private readonly TempDirectory dir = new();

    public static TheoryData<string> Seeds => ["quoted", "plain", "gzip"];

    public void Dispose() => dir.Dispose();

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Read_MutatedCsv_TableOrInputErrorNamingTheFile(string seed) =>
        Gen.Select(Fuzz.Mutations(Seed(seed)), Gen.Int[1, 200]).Sample((file, block) => Read(file, block), iter: Fuzz.Iterations(200));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Read_Seed_ReadWithoutError(string seed) => Read(Seed(seed), 16).ShouldBeNull(seed);

    internal static byte[] Seed(string seed) => seed switch
    {
        "quoted" => Encoding.UTF8.GetBytes(Quoted),
        "plain" => Encoding.UTF8.GetBytes(Plain),
        _ => Gzip(Encoding.UTF8.GetBytes(Plain)),
    };

    internal static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>Null when the general reader took the file; its input error when it refused it.</summary>
    private InvalidInputException? Read(byte[] file, int blockSize)
    {
        var path = dir.File(Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, file);
        try
        {
            (IReadOnlyList<string> Names, Column[] Columns, int Rows)? blocks = null;
            var blockError = FuzzCase.Run(path, () => blocks = CsvBlocks.TryRead(path, blockSize));
            Table? table = null;
            var error = FuzzCase.Run(path, async () =>
            {
                table = CsvTable.Read(path);
                var features = await FeatureTable.OpenAsync(path);
                features.Names.ShouldBe(table.Columns.Select(c => c.Name));
                foreach (var name in features.Names)
                {
                    (await features.ReadAsync(name)).Length.ShouldBe(table.Rows);
                }
            });
            if (error is not null)
            {
                error.Message.ShouldStartWith(path);
                error.Message.ShouldNotContain("\n");
            }

            // What the block reader refuses (a damaged gzip stream, met on reading the header) the general reader refuses alike.
            if (blockError is not null)
            {
                error.ShouldNotBeNull($"the block reader refused {path} ({blockError.Message}), the general reader read it");
                error.Message.ShouldBe(blockError.Message);
            }

            if (blocks is var (names, columns, rows))
            {
                error.ShouldBeNull($"the block reader read {path}, the general reader refused it");
                names.ShouldBe(table!.Columns.Select(c => c.Name));
                rows.ShouldBe(table.Rows);
                for (var c = 0; c < columns.Length; c++)
                {
                    Bits(columns[c].Numbers!).ShouldBe(Bits(table.Columns[c].Numbers.ShouldNotBeNull()), $"column {names[c]}");
                }
            }

            return error;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
