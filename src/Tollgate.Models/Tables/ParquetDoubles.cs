using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;
using Parquet.Schema;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads a flat column of doubles straight from its pages: each column chunk in one read into a pooled buffer, each
/// page Snappy-decompressed (or stored) into another, PLAIN or dictionary values decoded into the column (NaN where a
/// definition level says null) from version 1 data pages. Parquet.Net reads the footer; its page reader copied every page several times through
/// growing streams, which was most of a drift comparison's time. Anything else (other codecs or encodings, version 2
/// pages, nested or encrypted columns, a malformed page) returns false and is read by Parquet.Net, which gives the same values or the
/// error.
/// </summary>
internal static class ParquetDoubles
{
    private const int Plain = 0;
    private const int PlainDictionary = 2;
    private const int Rle = 3;
    private const int RleDictionary = 8;

    // Bytes a Snappy block of one byte can expand to, at most: a copy with a 2-byte offset writes 64 bytes from 3
    // (https://github.com/google/snappy/blob/main/format_description.txt).
    private const int MaxSnappyExpansion = 22;

    public static bool TryRead(string path, FileMetaData metadata, DataField field, double[] numbers)
    {
        if (!BitConverter.IsLittleEndian || field.IsArray || field.MaxRepetitionLevel != 0 || field.MaxDefinitionLevel > 1)
        {
            return false;
        }

        var chunks = new List<(ColumnMetaData Chunk, int Rows)>();
        foreach (var group in metadata.RowGroups)
        {
            var chunk = group.Columns.FirstOrDefault(c => c.MetaData?.PathInSchema is [var only] && only == field.Name);
            if (chunk?.MetaData is not { Type: Parquet.Meta.Type.DOUBLE } meta || chunk.FilePath is not null || chunk.CryptoMetadata is not null
                || meta.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY))
            {
                return false;
            }

            chunks.Add((meta, checked((int)group.NumRows)));
        }

        if (chunks.Sum(c => (long)c.Rows) != numbers.Length)
        {
            return false;
        }

        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var fileLength = RandomAccess.GetLength(file);
            var at = 0;
            foreach (var (chunk, rows) in chunks)
            {
                if (!TryReadChunk(file, fileLength, chunk, field.MaxDefinitionLevel, numbers, at, rows))
                {
                    return false;
                }

                at += rows;
            }

            return true;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryReadChunk(SafeFileHandle file, long fileLength, ColumnMetaData chunk, int maxDefinition, double[] numbers, int at, int count)
    {
        var rows = numbers.AsSpan(at, count);
        var start = chunk.DictionaryPageOffset is > 0 and var d && d < chunk.DataPageOffset ? d : chunk.DataPageOffset;

        // A chunk lies within the file: a damaged footer's offset or size is not a buffer to allocate.
        if (start < 0 || chunk.TotalCompressedSize < 0 || chunk.TotalCompressedSize > fileLength - start)
        {
            return false;
        }

        var length = (int)chunk.TotalCompressedSize;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        double[]? dictionary = null;
        try
        {
            var read = 0;
            while (read < length && RandomAccess.Read(file, buffer.AsSpan(read, length - read), start + read) is var n and > 0)
            {
                read += n;
            }

            if (read < length)
            {
                return false;
            }

            var position = 0;
            var filled = 0;
            while (filled < rows.Length)
            {
                var header = ParquetPageHeader.Read(buffer.AsSpan(position, length - position), out var headerLength);
                position += headerLength;
                if (header.CompressedSize > length - position)
                {
                    return false;
                }

                var body = buffer.AsMemory(position, header.CompressedSize);
                position += header.CompressedSize;
                var snappy = chunk.Codec == CompressionCodec.SNAPPY;
                switch (header.Type)
                {
                    case ParquetPageHeader.DictionaryPage:
                        if (header.Encoding is not (Plain or PlainDictionary) || header.Values < 0 || (long)header.Values * 8 > header.UncompressedSize)
                        {
                            return false;
                        }

                        byte[]? expanded = null;
                        try
                        {
                            if (!TryExpand(body, snappy, header.UncompressedSize, ref expanded, out var bytes))
                            {
                                return false;
                            }

                            if (bytes.Length < header.Values * 8)
                            {
                                return false;
                            }

                            dictionary = MemoryMarshal.Cast<byte, double>(bytes[..(header.Values * 8)]).ToArray();
                        }
                        finally
                        {
                            Release(expanded);
                        }

                        break;
                    case ParquetPageHeader.DataPage:
                        if (header.Values < 0 || header.Values > rows.Length - filled || !TryReadPage(header, body, snappy, maxDefinition, dictionary, numbers, at + filled))
                        {
                            return false;
                        }

                        filled += header.Values;
                        break;
                    case ParquetPageHeader.DataPageV2:
                        return false;
                    default:
                        break;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryReadPage(ParquetPageHeader header, ReadOnlyMemory<byte> body, bool snappy, int maxDefinition, double[]? dictionary, double[] numbers, int at)
    {
        var rows = numbers.AsSpan(at, header.Values);
        byte[]? expanded = null;
        try
        {
            if (maxDefinition == 0 && header.Encoding == Plain && snappy && header.UncompressedSize == (long)rows.Length * 8)
            {
                // Values only, no nulls: decompressed straight into their rows.
                return Expand(body, new SnappyTarget(numbers, at, header.Values)) == header.UncompressedSize;
            }

            // The whole page is compressed; definition levels lead, after their 4-byte length.
            if ((maxDefinition > 0 && header.DefinitionEncoding != Rle) || !TryExpand(body, snappy, header.UncompressedSize, ref expanded, out var page))
            {
                return false;
            }

            scoped var defined = ReadOnlySpan<byte>.Empty;
            if (maxDefinition > 0)
            {
                var count = page.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(page) : -1;
                if (count < 0 || count > page.Length - 4)
                {
                    return false;
                }

                defined = page.Slice(4, count);
                page = page[(4 + count)..];
            }

            return TryDecode(header.Encoding, defined, page, maxDefinition, dictionary, rows);
        }
        finally
        {
            Release(expanded);
        }
    }

    // The page's present values into their rows; where a definition level is 0 the row is NaN.
    private static bool TryDecode(int encoding, ReadOnlySpan<byte> levels, ReadOnlySpan<byte> page, int maxDefinition, double[]? dictionary, Span<double> rows)
    {
        if (maxDefinition == 0)
        {
            return TryValues(encoding, page, dictionary, rows);
        }

        var defined = ArrayPool<int>.Shared.Rent(rows.Length);
        var present = ArrayPool<double>.Shared.Rent(rows.Length);
        try
        {
            var flags = defined.AsSpan(0, rows.Length);
            RleBitPacked.Decode(levels, 1, flags);
            var count = rows.Length - flags.Count(0);
            if (!TryValues(encoding, page, dictionary, present.AsSpan(0, count)))
            {
                return false;
            }

            for (int i = 0, k = 0; i < rows.Length; i++)
            {
                rows[i] = flags[i] != 0 ? present[k++] : double.NaN;
            }

            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(defined);
            ArrayPool<double>.Shared.Return(present);
        }
    }

    private static bool TryValues(int encoding, ReadOnlySpan<byte> page, double[]? dictionary, Span<double> values)
    {
        if (encoding == Plain)
        {
            if (page.Length < (long)values.Length * 8)
            {
                return false;
            }

            MemoryMarshal.Cast<byte, double>(page[..(values.Length * 8)]).CopyTo(values);
            return true;
        }

        if (encoding is not (PlainDictionary or RleDictionary) || dictionary is null || (values.Length > 0 && page.IsEmpty))
        {
            return false;
        }

        if (values.IsEmpty)
        {
            return true;
        }

        var indices = ArrayPool<int>.Shared.Rent(values.Length);
        try
        {
            var span = indices.AsSpan(0, values.Length);
            RleBitPacked.Decode(page[1..], page[0], span);
            for (var i = 0; i < span.Length; i++)
            {
                if ((uint)span[i] >= (uint)dictionary.Length)
                {
                    return false;
                }

                values[i] = dictionary[span[i]];
            }

            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    // The body as it is (stored), or Snappy-decompressed into a pooled buffer of the stated size (given back by Release).
    private static bool TryExpand(ReadOnlyMemory<byte> body, bool snappy, int size, ref byte[]? expanded, out ReadOnlySpan<byte> page)
    {
        page = body.Span;
        if (!snappy)
        {
            return true;
        }

        // Snappy's longest expansion is a 3-byte copy of 64 bytes, so a damaged size is refused before it is allocated.
        if (size < 0 || size > (long)body.Length * MaxSnappyExpansion)
        {
            return false;
        }

        expanded = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            page = expanded.AsSpan(0, size);
            return Expand(body, new SnappyTarget(expanded, size)) == size;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // A Snappy block decompressed where it belongs (Snappier's span overload decompresses into a buffer of its own,
    // then copies it out and clears it); the bytes written.
    private static int Expand(ReadOnlyMemory<byte> body, SnappyTarget target)
    {
        Snappier.Snappy.Decompress(new ReadOnlySequence<byte>(body), target);
        return target.Written;
    }

    private static void Release(byte[]? expanded)
    {
        if (expanded is not null)
        {
            ArrayPool<byte>.Shared.Return(expanded);
        }
    }
}
