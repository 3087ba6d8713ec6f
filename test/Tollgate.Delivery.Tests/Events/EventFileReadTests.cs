using System.Diagnostics;
using Tollgate.Delivery.Events;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Events;

/// <summary>
/// An event file that cannot be read is one line naming it and what is wrong, in our words, the same from both
/// readers (<see cref="EventFile.Read"/> and <see cref="EventStream.Read"/>): never the runtime's exception text.
/// </summary>
public sealed class EventFileReadTests : IDisposable
{
    /// <summary>
    /// A regular file nobody may read, root included: procfs checks sysctl files against their mode bits even for root
    /// (this one is write-only, 0200), so the open fails with EACCES as an unreadable file would for another user.
    /// </summary>
    private const string WriteOnly = "/proc/sys/vm/drop_caches";

    private const string Line = """{"context":{"specversion":"0.5.1","id":"d1","source":"/ci","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T16:00:00Z"},"subject":{"id":"service/api","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/api@v1"}}}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-eventread-").FullName;

    public static TheoryData<string> Readers => new() { "file", "stream" };

    private static void Read(string reader, string path)
    {
        if (reader == "file")
        {
            EventFile.Read(path, TimeProvider.System);
        }
        else
        {
            EventStream.Read(path, TimeProvider.System).Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_Directory_SaysItIsADirectory(string reader)
    {
        var error = Should.Throw<InvalidInputException>(() => Read(reader, _dir));

        error.Message.ShouldBe($"{_dir} is a directory, not a regular file");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_FileNobodyMayRead_CannotReadItPermissionDenied(string reader)
    {
        File.Exists(WriteOnly).ShouldBeTrue($"{WriteOnly} is the unreadable file of this test");

        var error = Should.Throw<InvalidInputException>(() => Read(reader, WriteOnly));

        error.Message.ShouldBe($"cannot read {WriteOnly}: permission denied");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_MissingFile_SaysItDoesNotExist(string reader)
    {
        var path = Path.Combine(_dir, "missing.ndjson");

        var error = Should.Throw<InvalidInputException>(() => Read(reader, path));

        error.Message.ShouldBe($"{path} does not exist");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_EmptyFile_SaysItIsEmpty(string reader)
    {
        var path = Path.Combine(_dir, "empty.ndjson");
        File.WriteAllBytes(path, []);

        var error = Should.Throw<InvalidInputException>(() => Read(reader, path));

        error.Message.ShouldBe($"{path} is empty: there are no events in it");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_OnlyBlankLines_SaysThereAreNoEvents(string reader)
    {
        // A file of blank lines (an export that wrote newlines and no events) was "0 recorded", exit 0, while an
        // empty file was refused.
        var path = Path.Combine(_dir, "blank.ndjson");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "\n  \r\n\t\n"u8]);

        var error = Should.Throw<InvalidInputException>(() => Read(reader, path));

        error.Message.ShouldBe($"{path} holds only blank lines: there are no events in it");
    }

    [Fact]
    public void Read_EmptyArray_IsABatchWithoutEvents()
    {
        var path = Path.Combine(_dir, "none.json");
        File.WriteAllText(path, " []\n");

        var events = EventFile.Read(path, TimeProvider.System);

        events.Events.ShouldBeEmpty();
        events.Ignored.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Read_PipeThatGivesNothing_SaysItIsEmpty(string reader)
    {
        var fifo = Path.Combine(_dir, "nothing.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var writer = Task.Run(() => File.WriteAllBytes(fifo, []));
        var error = Should.Throw<InvalidInputException>(() => Read(reader, fifo));
        await writer;

        error.Message.ShouldBe($"{fifo} is empty: there are no events in it");
    }

    [Fact]
    public void Parse_FileCutShortInTheMiddleOfAnEvent_NamesItsLine()
    {
        var path = Path.Combine(_dir, "cut.ndjson");
        File.WriteAllText(path, Line + "\n" + Line[..80]);

        var error = Should.Throw<InvalidInputException>(() => EventFile.Read(path, TimeProvider.System));

        error.Message.ShouldBe($"{path}:2: not JSON: column 81: a string is not closed (cut short?)");
    }

    [Fact]
    public async Task Read_Pipe_ReadsItsEventsAsTheStreamDoes()
    {
        var fifo = Path.Combine(_dir, "events.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, Line + "\n"));
        var parsed = EventFile.Read(fifo, TimeProvider.System);
        await writer;

        parsed.Events.ShouldHaveSingleItem().EventId.ShouldBe("d1");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
