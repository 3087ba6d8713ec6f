using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>
/// What a CSV file's first bytes say of its compression. A gzip file (<c>features.csv.gz</c>, as many exports write
/// them) is read through <see cref="GzipText"/> by the general reader (<see cref="CsvRecords"/>); the parallel
/// block reader (<see cref="CsvBlocks"/>) needs the plain bytes and leaves it to that reader. Other compressions are
/// refused with the command that decompresses them, not read as text (which gave "record 2 has 6 fields").
/// </summary>
internal static class TableCompression
{
    private static readonly (byte[] Magic, string Name, string Command)[] Refused =
    [
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd", "zstd -d"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz", "xz -dk"),
        ("BZh"u8.ToArray(), "bzip2", "bunzip2 -k"),
        ([0x04, 0x22, 0x4D, 0x18], "lz4", "lz4 -d"),
        ("PK\u0003\u0004"u8.ToArray(), "zip", "unzip"),
    ];

    /// <summary>
    /// The file's text to read from its start: the file itself, or a gzip decompressor over it (<see cref="GzipText"/>).
    /// Throws a one-line <see cref="InvalidInputException"/> for a compression not read here.
    /// </summary>
    public static Stream OpenRead(string path, int bufferSize)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        try
        {
            return Open(path, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static Stream Open(string path, FileStream file)
    {
        Span<byte> head = stackalloc byte[6];
        head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        file.Position = 0;
        if (IsGzip(head))
        {
            return new GzipText(file);
        }

        foreach (var (magic, name, command) in Refused)
        {
            if (head.StartsWith(magic))
            {
                throw new InvalidInputException($"{path} is {name}-compressed: decompress it first ({command} {path}); tollgate reads CSV, gzip-compressed CSV and Parquet");
            }
        }

        return file;
    }

    /// <summary>The lines of a text file, read through <see cref="OpenRead"/> (so a gzip file's too), UTF-8 with or without a BOM.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        using var reader = new StreamReader(OpenRead(path, 1 << 16), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        while (ReadLine(path, reader) is { } line)
        {
            yield return line;
        }
    }

    private static string? ReadLine(string path, StreamReader reader)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw Damaged(path, e);
        }
    }

    /// <summary>A gzip file cut short or damaged: what the decompressor (or <see cref="GzipText"/>) says, as one line.</summary>
    public static InvalidInputException Damaged(string path, InvalidDataException e) =>
        new($"{path}: not a whole gzip stream ({e.Message.TrimEnd('.')})");

    private static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;
}
