using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Running;

/// <summary>
/// Reads a plan JSON from a regular file or a pipe (<c>-</c>, <c>/dev/stdin</c>, <c>&lt;(terraform show -json p)</c>,
/// a FIFO), once, on a thread of its own: opening a FIFO or reading a stalled pipe blocks in the kernel, so the caller
/// waits on the cancellation token instead and returns as soon as it fires. Devices and other special files are refused.
/// </summary>
internal static class PlanInput
{
    internal static ReadOnlySpan<byte> ZipMagic => "PK\u0003\u0004"u8;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Opens a plan file or a pipe; what cannot be opened is <see cref="InputFile"/>'s one line.</summary>
    public static FileStream Open(string path) =>
        InputFile.OpenRead(path, path, pipes: true, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Reads the plan, or returns null when the input is a binary plan file (a zip), for terraform to render.</summary>
    public static async Task<TerraformPlan?> ReadAsync(Func<Stream> open, string name, CancellationToken cancellationToken)
    {
        var read = Task.Factory.StartNew(() => Read(open, name, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return await read.WaitAsync(cancellationToken);
    }

    private static TerraformPlan? Read(Func<Stream> open, string name, CancellationToken cancellationToken)
    {
        using var stream = open();
        if (stream.CanSeek && stream.Length > PlanReader.MaxPlanBytes)
        {
            throw new InvalidInputException($"{name} is larger than {PlanReader.MaxPlanBytes >> 20} MiB, the most Tollgate reads as one plan");
        }

        if (stream.CanSeek && stream.Length >= HugePageHeap.From)
        {
            HugePageHeap.Prepare(); // a large plan's changes fill the heap: fewer page faults, same results
        }

        var origin = stream.CanSeek ? stream.Position : 0;
        var head = new byte[4];
        var got = ReadHead(stream, head);
        if (got == 4 && head.AsSpan().SequenceEqual(ZipMagic))
        {
            return stream.CanSeek ? null
                : throw new InvalidInputException($"{name} is a binary plan file through a pipe: give its path, or pipe `terraform show -json` instead");
        }

        if (stream.CanSeek && stream.Length == 0 && got > 0)
        {
            // Seekable, no length, yet bytes: a device or a kernel file, not a plan someone wrote.
            throw new InvalidInputException($"{name} is not a regular file or a pipe: give a plan JSON file, - or a pipe");
        }

        if (WideEncoding.Of(head.AsSpan(0, got)) is { } wide)
        {
            var writer = wide.Writer is { } w ? $" ({w})" : "";
            throw new InvalidInputException($"{name} is {wide.Name} text{writer}, not the UTF-8 JSON terraform show -json writes: save it as UTF-8 (| Out-File -Encoding utf8) and give that");
        }

        // A UTF-8 byte order mark (Out-File -Encoding utf8, Notepad) is no part of the JSON: read what follows it. A file
        // is read from there as it is, so a problem in it can be placed by reading it again; a pipe after its head.
        var skip = got >= 3 && head.AsSpan(0, 3).SequenceEqual(Utf8Bom) ? 3 : 0;
        if (stream.CanSeek)
        {
            stream.Position = origin + skip;
            // A plan's JSON opens with '{'; anything else may be terraform's plan text, which is named as such.
            if (got <= skip || head[skip] != (byte)'{')
            {
                var start = new byte[4096];
                var n = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
                if (HumanReadablePlan.Is(start.AsSpan(0, n)))
                {
                    throw new InvalidInputException(HumanReadablePlan.Refusal(name));
                }

                stream.Position = origin + skip;
            }

            return PlanReader.Read(stream, name, cancellationToken);
        }

        return PlanReader.Read(new PeekedStream(head.AsMemory(skip, got - skip), stream), name, cancellationToken);
    }

    private static int ReadHead(Stream stream, byte[] head)
    {
        var total = 0;
        while (total < head.Length)
        {
            var n = stream.Read(head, total, head.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
