using System.Runtime.InteropServices;
using System.Text;
using Tollgate.Cli.Reports;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// A regular file <c>OutputFile</c> writes is replaced whole or not at all, through a hidden file beside it: a writer
/// that fails or is cancelled halfway leaves the previous file as it was and nothing else behind.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StagedFileTests : IDisposable
{
    private const string Previous = "{\"verdict\":\"pass\"}\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-staged-").FullName;

    private string Report => Path.Combine(_dir, "report.json");

    [Fact]
    public async Task WriteAsync_DiskFillsHalfway_LeavesThePreviousFileAndNoHiddenFile()
    {
        await File.WriteAllTextAsync(Report, Previous);

        var failure = await Should.ThrowAsync<InvalidInputException>(OutputFile.WriteAsync(Report, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[300_000], token);
            throw new IOException(null, 28); // ENOSPC, as a full file system says it
        }, "the report", CancellationToken.None));

        failure.Message.ShouldBe($"cannot write the report to {Report}: no space left on the device");
        (await File.ReadAllTextAsync(Report)).ShouldBe(Previous);
        Names().ShouldBe(["report.json"]);
    }

    [Fact]
    public async Task WriteAsync_WritersOwnArgumentOutOfRange_IsNotTakenForAFileTooLarge()
    {
        // EFBIG reaches .NET as ArgumentOutOfRangeException("value"); only the file stream's own is read as it.
        await File.WriteAllTextAsync(Report, Previous);

        var failure = await Should.ThrowAsync<ArgumentOutOfRangeException>(OutputFile.WriteAsync(Report, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[100], token);
            throw new ArgumentOutOfRangeException("value", "a bug of the writer");
        }, "the report", CancellationToken.None));

        failure.Message.ShouldStartWith("a bug of the writer");
        (await File.ReadAllTextAsync(Report)).ShouldBe(Previous);
        Names().ShouldBe(["report.json"]);
    }

    [Fact]
    public async Task WriteAsync_CancelledHalfwayByAWriterThatTakesNoToken_StopsAtTheNextWriteAndLeavesThePreviousFile()
    {
        await File.WriteAllTextAsync(Report, Previous);
        using var signal = new CancellationTokenSource();
        var written = 0;

        await Should.ThrowAsync<OperationCanceledException>(OutputFile.WriteAsync(Report, (stream, _) =>
        {
            for (; written < 100; written++)
            {
                stream.Write(new byte[1 << 20]); // as the JSON report is written: synchronously, without the token
                if (written == 2)
                {
                    signal.Cancel(); // SIGTERM
                }
            }

            return Task.CompletedTask;
        }, "the report", signal.Token));

        written.ShouldBe(3);
        (await File.ReadAllTextAsync(Report)).ShouldBe(Previous);
        Names().ShouldBe(["report.json"]);
    }

    [Fact]
    public async Task WriteAsync_WhileWriting_TheTargetIsUntouchedAndTheBytesGoToOneHiddenFileBesideIt()
    {
        await File.WriteAllTextAsync(Report, Previous);
        string[] during = [];
        var before = "";

        await OutputFile.WriteTextAsync(Report, "new", "the report", CancellationToken.None);
        await OutputFile.WriteAsync(Report, async (stream, token) =>
        {
            await stream.WriteAsync("newer"u8.ToArray(), token);
            (during, before) = (Names(), await File.ReadAllTextAsync(Report, token));
        }, "the report", CancellationToken.None);

        before.ShouldBe("new");
        during.Length.ShouldBe(2);
        during[0].ShouldMatch(@"^\.report\.json\.tollgate-[0-9a-f]{32}\.tmp$");
        (await File.ReadAllTextAsync(Report)).ShouldBe("newer");
        Names().ShouldBe(["report.json"]);
    }

    [Fact]
    public async Task WriteAsync_ExistingFile_KeepsItsMode()
    {
        await File.WriteAllTextAsync(Report, Previous);
        File.SetUnixFileMode(Report, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await OutputFile.WriteTextAsync(Report, "new", "the report", CancellationToken.None);

        File.GetUnixFileMode(Report).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        (await File.ReadAllTextAsync(Report)).ShouldBe("new");
    }

    [Fact]
    public async Task WriteAsync_HardLinkToAnotherFile_TheOtherNameKeepsItsContents()
    {
        var kept = Path.Combine(_dir, "kept.txt");
        await File.WriteAllTextAsync(kept, Previous);
        Link(kept, Report).ShouldBe(0);

        await OutputFile.WriteTextAsync(Report, "new", "the report", CancellationToken.None);

        (await File.ReadAllTextAsync(kept)).ShouldBe(Previous);
        (await File.ReadAllTextAsync(Report)).ShouldBe("new");
    }

    [Fact]
    public async Task WriteAsync_SymbolicLinkToAFile_ReplacesTheFileAndKeepsTheLink()
    {
        var real = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, "reports")).FullName, "real.json");
        await File.WriteAllTextAsync(real, Previous);
        File.CreateSymbolicLink(Report, real);

        await OutputFile.WriteTextAsync(Report, "new", "the report", CancellationToken.None);

        new FileInfo(Report).LinkTarget.ShouldBe(real);
        (await File.ReadAllTextAsync(real)).ShouldBe("new");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(real)!).ShouldBe([real]);
    }

    [Fact]
    public async Task WriteAsync_WithoutOverwriteOnAnExistingFile_RefusesAndLeavesIt()
    {
        await File.WriteAllTextAsync(Report, Previous);

        var failure = await Should.ThrowAsync<InvalidInputException>(OutputFile.WriteTextAsync(Report, "new", "the policy", CancellationToken.None, overwrite: false));

        failure.Message.ShouldBe($"cannot write the policy to {Report}: it already exists");
        (await File.ReadAllTextAsync(Report)).ShouldBe(Previous);
        Names().ShouldBe(["report.json"]);
    }

    [Fact]
    public async Task WriteAsync_TwoWritersWithoutOverwriteRaceForANewFile_OneWinsWholeAndTheOtherIsRefused()
    {
        // Both are past the look for an existing file, and both have written, before either moves its file in.
        using var bothWritten = new Barrier(2);
        Task Writer(string text) => Task.Run(() => OutputFile.WriteAsync(Report, (stream, _) =>
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            bothWritten.SignalAndWait(TimeSpan.FromSeconds(10), CancellationToken.None).ShouldBeTrue();
            return Task.CompletedTask;
        }, "the policy", CancellationToken.None, overwrite: false));
        var writers = new[] { Writer("first"), Writer("second") };

        await Task.WhenAny(Task.WhenAll(writers), Task.Delay(TimeSpan.FromSeconds(20)));

        writers.Count(w => w.IsCompletedSuccessfully).ShouldBe(1);
        var refused = writers.Single(w => w.IsFaulted).Exception!.InnerException.ShouldBeOfType<InvalidInputException>();
        refused.Message.ShouldBe($"cannot write the policy to {Report}: it already exists");
        (await File.ReadAllTextAsync(Report)).ShouldBeOneOf("first", "second");
        Names().ShouldBe(["report.json"]);
    }

    [Fact]
    public async Task CheckAndWriteAsync_FifoTarget_CheckDoesNotOpenItAndTheReportGoesThroughIt()
    {
        var fifo = Path.Combine(_dir, "report.fifo");
        MakeFifo(fifo, Convert.ToInt32("600", 8)).ShouldBe(0);

        var check = Task.Run(() => OutputFile.Check(fifo, "the report"));
        (await Task.WhenAny(check, Task.Delay(TimeSpan.FromSeconds(5)))).ShouldBe(check, "Check blocked on a FIFO without a reader");
        await check;
        var reader = Task.Run(() => File.ReadAllText(fifo));
        await OutputFile.WriteTextAsync(fifo, "through the pipe", "the report", CancellationToken.None);

        (await reader.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe("through the pipe");
        Names().ShouldBe(["report.fifo"]);
        FileKind.Stat(fifo, followLinks: false).Type.ShouldBe(FileKind.Fifo);
    }

    private string[] Names() => [.. Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).Cast<string>()];

    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int Link(string existing, string created);

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int MakeFifo(string path, int mode);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
