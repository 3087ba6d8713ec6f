using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Delivery.Events;

/// <summary>
/// An event file's bytes, read into one array (without zeroing it first) before any of them is parsed. Not mapped: a
/// mapped file that shrinks while it is read (rotated with <c>copytruncate</c>, rewritten with <c>&gt;</c>) kills the
/// process on the first page past its new end, with the runtime's text; read, it is a short read and one line. A pipe
/// (<c>&lt;(…)</c>, a FIFO) and standard input (<c>-</c>) are read to their end the same way. Every failure is one line naming the file, in our words
/// (<see cref="InputFile"/>, <see cref="FileProblem"/>): missing, a directory or device, unreadable, empty or only
/// blank lines, larger than 2 GB, shrunk while read.
/// </summary>
internal static class EventFileBytes
{
    public static byte[] Read(string path)
    {
        InputFile.CheckKind(path, path, pipes: true);
        var bytes = InputFile.Reading(path, path, () =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return file.CanSeek ? ReadFile(file.SafeFileHandle, path) : ReadPipe(file, path);
        });
        return NotBlank(bytes, path);
    }

    /// <summary>
    /// Standard input (<c>events ingest -</c>), read to its end as a pipe is, and named <paramref name="name"/> in every
    /// error (<c>standard input is empty: …</c>); the same limits and failures as a file's.
    /// </summary>
    public static byte[] ReadStandardInput(Func<Stream> open, string name)
    {
        var bytes = InputFile.Reading(name, name, () =>
        {
            using var input = open();
            return ReadPipe(input, name);
        });
        return NotBlank(bytes, name);
    }

    private static byte[] NotBlank(byte[] bytes, string name) =>
        !EventFile.IsBlank(bytes) ? bytes
            : throw new InvalidInputException($"{name} {(bytes.Length == 0 ? "is empty" : "holds only blank lines")}: there are no events in it");

    private static byte[] ReadFile(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path)
    {
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new InvalidInputException($"cannot read {path}: larger than 2 GB; split it into several files");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0)
            {
                throw new InvalidInputException(
                    $"{path} shrank from {length} to {read} bytes while it was read (rotated or rewritten meanwhile?); nothing recorded: ingest it again once it is complete");
            }

            read += n;
        }

        return bytes;
    }

    /// <summary>A pipe's bytes up to the 2 GB a file may have too; past it, one line and nothing recorded.</summary>
    private static byte[] ReadPipe(Stream pipe, string path)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = pipe.Read(buffer)) > 0)
        {
            if (copy.Length + n > Array.MaxLength)
            {
                throw new InvalidInputException($"cannot read {path}: more than 2 GB through a pipe; split it into several files");
            }

            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }
}
