namespace Tollgate.Models.Tables;

/// <summary>
/// The fields of a Parquet page header that a column of doubles needs, read from its Thrift compact encoding
/// (the format's <c>PageHeader</c>, <c>DataPageHeader</c>, <c>DictionaryPageHeader</c>). Fields it does not use
/// (statistics, CRC, the headers of index and version 2 pages) are skipped, as Parquet.Net skips them.
/// </summary>
internal readonly record struct ParquetPageHeader(
    int Type, int UncompressedSize, int CompressedSize, int Values, int Encoding, int DefinitionEncoding)
{
    public const int DataPage = 0;
    public const int DictionaryPage = 2;
    public const int DataPageV2 = 3;

    /// <summary>
    /// Reads a header from the start of <paramref name="bytes"/>; <paramref name="length"/> is its size. It is walked as
    /// Parquet.Net walks it (<see cref="ParquetThriftFields"/>), so what this reads is what Parquet.Net would read;
    /// <paramref name="what"/> names it in an error.
    /// </summary>
    public static ParquetPageHeader Read(ReadOnlySpan<byte> bytes, out int length, string what = "a Parquet page header")
    {
        Span<int> kept = [-1, -1, -1, -1, -1, 3]; // no definition levels' encoding stated: RLE (3)
        length = ParquetThriftFields.ReadPageHeader(bytes, what, kept);
        if (kept[ParquetThriftFields.PageType] < 0 || kept[ParquetThriftFields.UncompressedSize] < 0 || kept[ParquetThriftFields.CompressedSize] < 0)
        {
            throw new InvalidDataException($"{what} lacks its type or sizes");
        }

        return new ParquetPageHeader(
            kept[ParquetThriftFields.PageType], kept[ParquetThriftFields.UncompressedSize], kept[ParquetThriftFields.CompressedSize],
            kept[ParquetThriftFields.Values], kept[ParquetThriftFields.Encoding], kept[ParquetThriftFields.DefinitionEncoding]);
    }
}
