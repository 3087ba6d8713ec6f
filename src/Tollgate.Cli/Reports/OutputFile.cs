using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Reports;

/// <summary>
/// The one way the command line writes a file the user named (<c>--output</c>, <c>-o</c>, <c>policy init --write</c>,
/// <c>model register --openlineage</c>, <c>graph --dot|--svg|--html</c>): its directory made if missing; a regular file written whole or not at all
/// (<see cref="StagedFile"/>: a full disk, a failed writer or SIGTERM leaves the file that was there as it was, and
/// no hidden file behind); a FIFO or a device (<c>/dev/null</c>, <c>/dev/stdout</c>) written in place
/// (<see cref="OutputTarget"/>); a failure one line in our words with exit 3 (<see cref="FileProblem"/>), such as
/// "cannot write the report to /tmp: it is a directory".
/// </summary>
public static class OutputFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8 without a byte order mark; <paramref name="what"/> names it in errors
    /// ("the report"). Without <paramref name="overwrite"/>, anything already at the path is an error ("it already exists").
    /// </summary>
    public static Task WriteTextAsync(string path, string text, string what, CancellationToken cancellationToken, bool overwrite = true) =>
        WriteAsync(path, (stream, token) => stream.WriteAsync(Utf8.GetBytes(text), token).AsTask(), what, cancellationToken, overwrite);

    /// <summary>
    /// Lets <paramref name="write"/> fill <paramref name="path"/>: a regular file is replaced only once it is written
    /// whole; <paramref name="cancellationToken"/> stops the writing at its next write, leaving what was there.
    /// </summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, string what, CancellationToken cancellationToken, bool overwrite = true)
    {
        try
        {
            var target = overwrite ? OutputTarget.Of(path) : OutputTarget.New(path);
            if (!target.Direct)
            {
                await StagedFile.WriteAsync(target, write, overwrite, cancellationToken);
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileStream(target.File, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
            try
            {
                await write(new InterruptibleStream(file, cancellationToken), cancellationToken);
            }
            finally
            {
                await FileTooLarge.GuardAsync(file.DisposeAsync); // what is still buffered, written past a file-size limit
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, what, e);
        }
    }

    /// <summary>
    /// Refuses, before any work is done or recorded, a path <see cref="WriteAsync"/> could not write, in the words it
    /// would fail with: a directory, a file where a directory should be, an existing file that may not be written, or a
    /// directory no file may be made in (checked by making and removing an empty file there). Nothing at the path is
    /// opened: a FIFO would block until it had a reader. What only writing can tell (a full disk) still fails when the
    /// report is written.
    /// </summary>
    public static void Check(string path, string what)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new IOException("is a directory", 21);
            }

            var target = OutputTarget.Of(path);
            target.CheckWritable();
            if (target.Direct && target.Exists)
            {
                return;
            }

            var parent = Path.GetDirectoryName(target.File);
            while (parent is not null && !Path.Exists(parent))
            {
                parent = Path.GetDirectoryName(parent);
            }

            if (parent is null || File.Exists(parent))
            {
                throw new IOException("not a directory", 20);
            }

            using (new FileStream(Path.Combine(parent, StagedFile.HiddenName(target.File)), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, what, e);
        }
    }

    private static InvalidInputException Failure(string path, string what, Exception e) =>
        new($"cannot write {what} to {path}: {FileProblem.Describe(e, path)}", e);
}
