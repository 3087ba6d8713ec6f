using CsCheck;
using Parquet.Meta;
using Tollgate.Models.Tables;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// Tollgate's own decoder of pages of doubles (<see cref="ParquetDoubles"/>: Thrift page headers, Snappy, RLE /
/// bit-packed levels and dictionary indices) on mutated dictionary-encoded pages, with the footer's chunk offsets and
/// sizes damaged too: it reads the values or says it cannot (false, for Parquet.Net to read or word), never throws,
/// hangs, or allocates by a damaged size.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ParquetPagesFuzzTests : IDisposable
{
    private static readonly long[] Damaged = [0, 1, -1, 3, int.MaxValue, (long)int.MaxValue + 1, 2_000_000_000, long.MaxValue, long.MinValue];

    private readonly TempDirectory dir = new();

    public static TheoryData<bool, bool> Variants => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    public void Dispose() => dir.Dispose();

    [Theory]
    [MemberData(nameof(Variants))]
    public void TryRead_MutatedPages_ValuesOrFalse(bool snappy, bool nullable)
    {
        var seed = dir.File("seed.parquet");
        var (metadata, field, expected) = ParquetPages.DictionaryFile(seed, snappy, nullable);
        var bytes = File.ReadAllBytes(seed);
        Gen.Select(Fuzz.Mutations(bytes), Gen.Int[0, 8], Gen.Int[0, Damaged.Length - 1]).Sample(
            (file, which, value) =>
            {
                var path = dir.File(Guid.NewGuid().ToString("N") + ".parquet");
                File.WriteAllBytes(path, file);
                try
                {
                    var damaged = Damage(metadata, which, Damaged[value]);
                    FuzzCase.Run(path, () => ParquetDoubles.TryRead(path, damaged, field, new double[expected.Length])).ShouldBeNull();
                }
                finally
                {
                    File.Delete(path);
                }
            },
            iter: Fuzz.Iterations(200));
    }

    // The metadata with one of its first chunk's numbers damaged (0: none; 1-3 offsets and size; 4 the row count).
    private static FileMetaData Damage(FileMetaData metadata, int which, long value)
    {
        var groups = metadata.RowGroups.Select(g => new RowGroup
        {
            NumRows = g.NumRows,
            Columns = [.. g.Columns.Select(c => new ColumnChunk { MetaData = Copy(c.MetaData!) })],
        }).ToList();
        var chunk = groups[0].Columns[0].MetaData!;
        switch (which)
        {
            case 1: chunk.DictionaryPageOffset = value; break;
            case 2: chunk.DataPageOffset = value; break;
            case 3: chunk.TotalCompressedSize = value; break;
            case 4: chunk.NumValues = value; break;
            default: break;
        }

        return new FileMetaData { RowGroups = groups };
    }

    private static ColumnMetaData Copy(ColumnMetaData c) => new()
    {
        Type = c.Type,
        Codec = c.Codec,
        PathInSchema = c.PathInSchema,
        Encodings = c.Encodings,
        DictionaryPageOffset = c.DictionaryPageOffset,
        DataPageOffset = c.DataPageOffset,
        TotalCompressedSize = c.TotalCompressedSize,
        NumValues = c.NumValues,
    };
}
