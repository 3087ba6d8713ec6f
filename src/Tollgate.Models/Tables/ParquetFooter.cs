using System.Buffers.Binary;

namespace Tollgate.Models.Tables;

/// <summary>
/// A Parquet file's footer (its <c>FileMetaData</c> in Thrift's compact encoding, then its length and <c>PAR1</c>)
/// checked before Parquet.Net decodes it. Parquet.Net allocates each binary field at the length the file states before
/// reading it, so a damaged length was that much memory (500 MB for a file of 6 KB, up to 2 GB), or an
/// <see cref="OutOfMemoryException"/> under a container's limit; and it reads each field it knows by the type it expects,
/// whatever the file states, and skips the others its own way. Here the footer must lie in the file and read to
/// Parquet.Net as it is written, every length and count within its bytes (<see cref="ParquetThriftFields"/>).
/// </summary>
internal static class ParquetFooter
{
    /// <summary>
    /// Throws <see cref="InvalidDataException"/> when the footer is damaged or missing: a file cut short (it begins
    /// with <c>PAR1</c> and does not end with it) is said to be one, where Parquet.Net printed the bytes it found
    /// ("not a parquet file, head: 50415231, tail: 00060102").
    /// </summary>
    public static void Check(Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> tail = stackalloc byte[8];
        if (length < 12 || RandomAccess.Read(file, tail, length - 8) < 8 || !tail[4..].SequenceEqual("PAR1"u8))
        {
            Span<byte> head = stackalloc byte[4];
            throw new InvalidDataException(RandomAccess.Read(file, head, 0) == 4 && head.SequenceEqual("PAR1"u8)
                ? $"it begins as a Parquet file (PAR1) but its {length} bytes do not end with a footer and PAR1: it is cut short, or was not written whole"
                : "it neither begins nor ends with PAR1, as every Parquet file does: it is not a Parquet file");
        }

        var size = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (size <= 0 || size > length - 12)
        {
            throw new InvalidDataException($"its footer is {size} bytes long, in a file of {length}");
        }

        var footer = new byte[size];
        var read = 0;
        for (int n; read < size && (n = RandomAccess.Read(file, footer.AsSpan(read), length - 8 - size + read)) > 0;)
        {
            read += n;
        }

        ParquetThriftFields.Check(footer.AsSpan(0, read), ParquetThriftSchema.Footer, "its footer");
    }
}
