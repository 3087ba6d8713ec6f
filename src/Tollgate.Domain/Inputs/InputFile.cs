using System.Text;

namespace Tollgate.Domain.Inputs;

/// <summary>
/// Reads a user's input file within bounds, or says in one line what is wrong with it (exit 3): missing (and which
/// directory on the way is missing), a dangling or looping link, unreadable, not a regular file (a FIFO would block,
/// <c>/dev/zero</c> never ends), larger than the limit, or text that is not UTF-8 (with the line of the first bad byte).
/// The one place the domain touches the file system, so every reader of configuration, graphs and policies refuses
/// hostile files the same way.
/// </summary>
public static class InputFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The bytes of <paramref name="path"/>, at most <paramref name="maxBytes"/>; <paramref name="shownAs"/> names it in
    /// errors. With <paramref name="pipes"/>, a pipe or FIFO (<c>&lt;(echo …)</c>) is read to its end within the same limit.
    /// </summary>
    public static byte[] ReadBytes(string path, string shownAs, long maxBytes, bool pipes = false)
    {
        CheckKind(path, shownAs, pipes);
        if (pipes && IsPipe(path))
        {
            return Reading(path, shownAs, () => ReadPipe(path, shownAs, maxBytes));
        }

        return Reading(path, shownAs, () =>
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var length = RandomAccess.GetLength(handle);
            if (length > maxBytes)
            {
                throw TooLarge(shownAs, length, maxBytes);
            }

            var buffer = new byte[length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read), read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read == buffer.Length ? buffer : buffer[..read];
        });
    }

    private static byte[] ReadPipe(string path, string shownAs, long maxBytes)
    {
        using var pipe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        return ReadToEnd(pipe, shownAs, maxBytes);
    }

    /// <summary>
    /// <paramref name="input"/> (standard input) read to its end within <paramref name="maxBytes"/>, as a pipe given by
    /// path is: more is the same one line, and a failure to read it the same one line a file's is.
    /// </summary>
    public static byte[] ReadStream(Stream input, string shownAs, long maxBytes) =>
        Reading("", shownAs, () => ReadToEnd(input, shownAs, maxBytes));

    private static byte[] ReadToEnd(Stream input, string shownAs, long maxBytes)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            if (copy.Length + n > maxBytes)
            {
                throw new InvalidInputException($"{shownAs} holds more than {Size(maxBytes)}; inputs like it are read up to {Size(maxBytes)}");
            }

            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }

    /// <summary>
    /// <paramref name="path"/> opened for a reader that streams (a plan, a state file, a scanner report): checked as
    /// <see cref="CheckKind"/> does, and a failure to open it is the same one line <see cref="ReadBytes"/> gives.
    /// </summary>
    public static FileStream OpenRead(string path, string shownAs, bool pipes = false, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        CheckKind(path, shownAs, pipes);
        return Reading(path, shownAs, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize, options));
    }

    /// <summary>
    /// Runs <paramref name="read"/> on <paramref name="path"/>: a failure of the file system is one line naming
    /// <paramref name="shownAs"/> and the cause in our words (missing, permission denied, an I/O error...).
    /// </summary>
    public static T Reading<T>(string path, string shownAs, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidInputException($"cannot read {shownAs}: permission denied", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Missing(path, shownAs);
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"cannot read {shownAs}: {FileProblem.Describe(e, path)}", e);
        }
    }

    /// <summary>The text of <paramref name="path"/> as strict UTF-8 (a leading byte order mark dropped).</summary>
    public static string ReadText(string path, string shownAs, long maxBytes, bool pipes = false) =>
        Decode(ReadBytes(path, shownAs, maxBytes, pipes), shownAs);

    /// <summary>
    /// <paramref name="bytes"/> after a leading UTF-8 byte order mark (PowerShell's <c>Out-File -Encoding utf8</c>,
    /// Notepad), which is no part of the text; the same array when there is none.
    /// </summary>
    public static byte[] WithoutByteOrderMark(byte[] bytes) => HasByteOrderMark(bytes) ? bytes[3..] : bytes;

    /// <summary>
    /// Strict UTF-8; invalid bytes are an error naming the line and column of the first one, and UTF-16 or UTF-32 text
    /// (<see cref="WideEncoding"/>) one naming its encoding.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string shownAs)
    {
        if (WideEncoding.Of(bytes) is { } wide)
        {
            var writer = wide.Writer is { } w ? $", {w}" : "";
            throw new InvalidInputException($"{shownAs} is {wide.Name} text (byte order mark {wide.Mark}{writer}): save it as UTF-8");
        }

        if (HasByteOrderMark(bytes))
        {
            bytes = bytes[3..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var offset = FirstInvalid(bytes);
            var before = bytes[..offset];
            var line = before.Count((byte)'\n') + 1;
            var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
            throw new InvalidInputException($"{shownAs}:{line}:{column}: not valid UTF-8 (byte 0x{bytes[offset]:X2})");
        }
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var valid = 0;
        while (valid < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[valid..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return valid;
            }

            valid += consumed;
        }

        return 0;
    }

    /// <summary>True when <paramref name="path"/> is a pipe or FIFO (<c>/dev/stdin</c> on a pipe, <c>&lt;(echo …)</c>): it can be read only once.</summary>
    public static bool IsPipe(string path) =>
        !OperatingSystem.IsWindows() && FileKind.Stat(path, followLinks: true).Type == FileKind.Fifo;

    /// <summary>
    /// One line and exit 3 unless <paramref name="path"/> is a readable regular file (or, with <paramref name="pipes"/>,
    /// a pipe): empty (<c>--spec ""</c>), missing, a dangling link, a directory, a device or a socket each named as such.
    /// </summary>
    public static void CheckKind(string path, string shownAs, bool pipes = false)
    {
        // An empty argument ("" from an unset shell variable): shown as typed, or resolved against the working directory.
        if (path.Length == 0 || shownAs.Length == 0)
        {
            throw new InvalidInputException("an empty path names no file: give a file or directory");
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (type, errno) = FileKind.Stat(path, followLinks: true);
        if (errno != 0)
        {
            var (linkType, _) = FileKind.Stat(path, followLinks: false);
            if (linkType == FileKind.Link && errno == 2)
            {
                throw new InvalidInputException($"{shownAs} is a link to {File.ResolveLinkTarget(path, returnFinalTarget: false)?.FullName ?? "a missing file"}, which does not exist");
            }

            throw errno == 2
                ? Missing(path, shownAs)
                : new InvalidInputException($"cannot read {shownAs}: {FileProblem.Describe(new IOException(null, errno), path)}");
        }

        if (type != FileKind.Regular && !(pipes && type == FileKind.Fifo))
        {
            throw new InvalidInputException($"{shownAs} is {FileKind.Describe(type)}, not a regular file");
        }
    }

    /// <summary>
    /// Why <paramref name="path"/>, named where a directory belongs (<c>--specs</c>, <c>--replay</c>, <c>--rego</c>), is
    /// not one: "a file, not a directory" when it names a file, else "no such directory".
    /// </summary>
    public static string NotADirectory(string path) =>
        File.Exists(path) ? "a file, not a directory" : "no such directory";

    /// <summary>
    /// True when anything is at <paramref name="path"/>, a dangling link included: the probe for an optional file
    /// (a default policy, a recorded answer), so that what is there but cannot be read is an error, not an absence.
    /// </summary>
    public static bool Present(string path) =>
        OperatingSystem.IsWindows() ? Path.Exists(path) : FileKind.Stat(path, followLinks: false).Errno == 0;

    /// <summary>
    /// For a path that is not there and whose name starts with a dash (<c>--bogus</c>), the option the command does not
    /// have that the parser took for a file value; null for any other name.
    /// </summary>
    public static InvalidInputException? TakenForAnOption(string path) =>
        Path.GetFileName(path) is ['-', _, ..] option ? new($"{option} is neither an option of this command nor a file (see --help)") : null;

    /// <summary>
    /// "x does not exist", and where its directory is missing too, the outermost directory that is. A file name that
    /// starts with a dash is an option the command does not have, taken for its file argument (<c>tollgate plan
    /// --bogus</c>; the command may show it resolved against the working directory). The name is the path's, not what
    /// the error shows: <c>--params p.json</c> names an option's file, not an option.
    /// </summary>
    public static InvalidInputException Missing(string path, string shownAs) =>
        TakenForAnOption(path) ?? (MissingDirectory(path) is { } directory
            ? new($"{shownAs} does not exist: there is no directory {directory}")
            : new($"{shownAs} does not exist"));

    private static string? MissingDirectory(string path)
    {
        string? missing = null;
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(parent) && !Path.Exists(parent); parent = Path.GetDirectoryName(parent))
        {
            missing = parent;
        }

        return missing;
    }

    private static InvalidInputException TooLarge(string shownAs, long length, long maxBytes) =>
        new($"{shownAs} is {Size(length)}; files like it are read up to {Size(maxBytes)}");

    /// <summary>A size in the largest unit that keeps it above 1: GB, MB or bytes.</summary>
    public static string Size(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#} GB" : bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.#} MB" : $"{bytes} bytes";

    private static bool HasByteOrderMark(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
}
