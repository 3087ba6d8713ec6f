using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Delivery.Events;

/// <summary>
/// An event file's bytes mapped read-only from the operating system's page cache instead of copied into a new array:
/// a 350 MB file is there at once, and its pages are touched by the threads that parse them, not copied in one pass
/// before any of them starts. The file must not shrink while it is mapped (reading a page past its end is fatal).
/// An empty file is an empty memory. A pipe (`<(…)`, a FIFO) cannot be mapped: its bytes are read into an array.
/// A file that cannot be read is one line naming it and why, in our words (<see cref="InputFile"/>, <see cref="FileProblem"/>),
/// never the runtime's message (a resource key in the Native AOT binary).
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _start;
    private readonly int _length;
    private readonly byte[]? _copy;

    private MappedFile(MemoryMappedFile? file, MemoryMappedViewAccessor? view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        if (view is not null)
        {
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _start = start + view.PointerOffset;
        }
    }

    private MappedFile(byte[] copy)
    {
        _copy = copy;
        _length = copy.Length;
    }

    public static MappedFile Open(string path)
    {
        InputFile.CheckKind(path, path, pipes: true);
        try
        {
            using (var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1))
            {
                if (!probe.CanSeek)
                {
                    return new MappedFile(ReadPipe(probe, path));
                }
            }

            var length = new FileInfo(path).Length;
            if (length > int.MaxValue)
            {
                throw new InvalidInputException($"cannot read {path}: larger than 2 GB; split it into several files");
            }

            if (length == 0)
            {
                return new MappedFile(null, null, 0);
            }

            var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            return new MappedFile(file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), (int)length);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{path} does not exist", e); // removed since it was checked
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read {path}: {FileProblem.Describe(e, path)}", e);
        }
    }

    /// <summary>A pipe's bytes up to the 2 GB a mapped file may have too; past it, one line and nothing recorded.</summary>
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

    public override Span<byte> GetSpan() => _copy is not null ? _copy.AsSpan() : new Span<byte>(_start, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if (_copy is null)
        {
            return new(_start + elementIndex);
        }

        var handle = GCHandle.Alloc(_copy, GCHandleType.Pinned);
        return new((byte*)handle.AddrOfPinnedObject() + elementIndex, handle);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
        }
    }
}
