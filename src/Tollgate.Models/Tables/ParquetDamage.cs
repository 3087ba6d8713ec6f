namespace Tollgate.Models.Tables;

/// <summary>
/// What Parquet.Net throws on bytes that are not the Parquet it expects, and why, in one line. Its own exceptions and
/// the checks made here before it reads say it in words; the runtime's, met inside Parquet.Net at a damaged offset or a
/// field a damaged footer lacks, do not: their messages are resource keys in the Native AOT binary
/// (<c>Arg_ArgumentOutOfRangeException</c>, <c>NoElements</c>, the decompressor's <c>UnsupportedCompression</c>) and
/// the runtime's English elsewhere ("Object reference not set to an instance of an object"), so each is said by what
/// it means for the file.
/// </summary>
internal static class ParquetDamage
{
    /// <summary>Whether <paramref name="e"/> is a damaged file's (a footer without a field it needs meets a null reference inside Parquet.Net).</summary>
    public static bool Is(Exception e) =>
        e is IOException or InvalidDataException or NotSupportedException or Parquet.ParquetException or Parquet.Meta.Proto.ThriftProtocolException
            or IndexOutOfRangeException or ArgumentException or OverflowException or InvalidOperationException or InvalidCastException
            or NullReferenceException or ZstdSharp.ZstdException;

    /// <summary>Why the file is not readable, for the line that names it.</summary>
    public static string Why(Exception e) => e switch
    {
        NullReferenceException => "a field Parquet.Net needs is missing from it",
        IndexOutOfRangeException or ArgumentException => "an offset, length or count in it points outside its data",
        OverflowException => "a length or count in it is larger than any file holds",
        InvalidCastException => "a value in it is of another type than its schema states",
        EndOfStreamException => "it ends before the data its metadata states",
        ZstdSharp.ZstdException => $"its zstd-compressed data does not decode: {e.Message.TrimEnd('.')}",
        _ when !e.Message.Trim().Contains(' ') => "its data does not decode as its metadata states",
        _ => string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.'),
    };
}
