using System.Text;
using Tollgate.Domain;
using Tollgate.Terraform.Graph.Dot;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Running;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// A graph or a plan through a pipe (<c>terraform graph | tollgate graph -</c>, <c>&lt;(terraform show -json p)</c>):
/// its first bytes tell DOT from plan JSON, then DOT is read whole and a plan streamed as <c>tollgate plan -</c>
/// streams it. Opening a FIFO and reading a stalled pipe block in the kernel, so they run on a thread of their own
/// and the caller returns as soon as the cancellation fires.
/// </summary>
internal static class PipedGraphInput
{
    private const int HeadBytes = 256;

    /// <summary>The DOT graph or the plan the pipe carries (exactly one of them).</summary>
    public static async Task<(DotGraph? Dot, TerraformPlan? Plan)> ReadAsync(Func<Stream> open, string name, CancellationToken cancellationToken)
    {
        var (stream, head) = await Blocking(() =>
        {
            var opened = open();
            var bytes = new byte[HeadBytes];
            return (opened, bytes.AsMemory(0, opened.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false)));
        }, cancellationToken);

        if (GraphLoader.StartsLikeDot(head.Span))
        {
            using (stream)
            {
                var dot = await Blocking(() => ReadToEnd(head, stream, name), cancellationToken);
                return (DotReader.Read(dot, name), null);
            }
        }

        var plan = await PlanInput.ReadAsync(() => new PeekedStream(head, stream), name, cancellationToken)
            ?? throw new InvalidInputException($"{name} is a binary plan file through a pipe: give its path, or pipe `terraform show -json` instead");
        return (null, plan);
    }

    private static Task<T> Blocking<T>(Func<T> read, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(read, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(cancellationToken);

    private static byte[] ReadToEnd(ReadOnlyMemory<byte> head, Stream rest, string name)
    {
        using var all = new MemoryStream();
        all.Write(head.Span);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = rest.Read(buffer)) > 0)
        {
            if (all.Length + n > DotReader.MaxFileBytes)
            {
                throw new InvalidInputException($"{name} is larger than {DotReader.MaxFileBytes >> 20} MiB, the most Tollgate reads as one graph");
            }

            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }
}
