using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>Dictionary-encoded doubles (what most writers other than Parquet.Net produce), built page by page (<see cref="ParquetPages"/>).</summary>
public sealed class ParquetDictionaryPagesTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void TryRead_DictionaryPages_GivesTheDictionaryValuesInRowOrder(bool snappy, bool nullable)
    {
        using var dir = new TempDirectory();
        var path = dir.File("dict.parquet");
        var (metadata, field, expected) = ParquetPages.DictionaryFile(path, snappy, nullable);

        var read = new double[expected.Length];
        ParquetDoubles.TryRead(path, metadata, field, read).ShouldBeTrue();
        read.Select(BitConverter.DoubleToInt64Bits).ShouldBe(expected.Select(BitConverter.DoubleToInt64Bits));
    }
}
