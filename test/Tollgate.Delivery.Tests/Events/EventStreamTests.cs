using System.Text;
using Tollgate.Delivery.Events;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Events;

/// <summary>A file of several pieces (parsed on several threads) gives what reading it line after line gives.</summary>
public sealed class EventStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-events-").FullName;

    /// <summary>About 3.5 MB of NDJSON: deploys, incidents, other CDEvent types, a blank line; ~300 bytes a line.</summary>
    private static List<string> Lines(int count = 12_000) =>
        Enumerable.Range(0, count).Select(i => (i % 1000) switch
        {
            7 => "",
            8 => $$$$$"""{"context":{"specversion":"0.5.1","id":"t{{{{{i}}}}}","source":"/ci","type":"dev.cdevents.testcase.finished.0.1.0","timestamp":"2024-03-12T16:00:00Z"},"subject":{"id":"test/{{{{{i}}}}}"}}""",
            9 => $$$$$"""{"context":{"specversion":"0.5.1","id":"i{{{{{i}}}}}","source":"/pd","type":"dev.cdevents.incident.detected.0.3.0","timestamp":"2024-03-12T16:20:00Z"},"subject":{"id":"incident/{{{{{i}}}}}","content":{"environment":{"id":"production"},"service":{"id":"service/checkout"}}}}""",
            _ => $$$$$"""{"context":{"specversion":"0.5.1","id":"d{{{{{i}}}}}","source":"/deployctl","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T16:00:{{{{{i % 60:00}}}}}Z"},"subject":{"id":"service/svc{{{{{i % 7}}}}}","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/svc@v{{{{{i}}}}}"}},"customData":{"intent":"planned","changes":[{"id":"c{{{{{i}}}}}","committedAt":"2024-03-12T14:00:00Z"}]}}""",
        }).ToList();

    private string Write(IEnumerable<string> lines)
    {
        var path = Path.Combine(_dir, "events.ndjson");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    /// <summary>An event as text, changes included (records compare their lists by reference).</summary>
    private static string Show(DeliveryEvent e) => e + (e is DeployEvent d ? " changes: " + string.Join(", ", d.Deploy.Changes) : "");

    private static async Task<List<DeliveryEvent>> AllAsync(EventStream stream)
    {
        var events = new List<DeliveryEvent>();
        await foreach (var batch in stream.Batches())
        {
            events.AddRange(batch);
        }

        return events;
    }

    [Fact]
    public async Task Batches_FileOfManyPieces_SameEventsInFileOrderAsOneThreadReadingLines()
    {
        var path = Write(Lines());
        var bytes = File.ReadAllBytes(path);
        var serial = EventFile.ParseLines(bytes, 0, bytes.Length, 0, path, DateTimeOffset.UtcNow);
        using var stream = EventStream.Read(path, TimeProvider.System);

        var events = await AllAsync(stream);

        bytes.Length.ShouldBeGreaterThan(3 << 20);
        events.Select(Show).ShouldBe(serial.Events.Select(Show));
        events.Count.ShouldBe(11_976);
        stream.Ignored.ShouldBe(serial.Ignored);
        stream.Ignored.ShouldBe(12);
        stream.Lines.ShouldBeGreaterThanOrEqualTo(events.Count);
        EventFile.Parse(bytes, path, TimeProvider.System).Events.Select(Show).ShouldBe(serial.Events.Select(Show));
    }

    [Fact]
    public async Task Batches_BadLinesInTwoLaterPieces_TheFirstBadLineIsTheError()
    {
        var lines = Lines();
        lines[9_500] = "{\"context\": ";
        lines[6_001] = """{"context":{"specversion":"0.5.1","id":"x","source":"/x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"yesterday"},"subject":{"id":"service/a","content":{"environment":{"id":"production"}}}}""";
        var path = Write(lines);

        using var stream = EventStream.Read(path, TimeProvider.System);
        var streamed = await Should.ThrowAsync<InvalidInputException>(() => AllAsync(stream));
        var parsed = Should.Throw<InvalidInputException>(() => EventFile.Read(path, TimeProvider.System));

        streamed.Message.ShouldStartWith($"{path}:6002: ");
        parsed.Message.ShouldBe(streamed.Message);
    }

    [Fact]
    public async Task Batches_JsonArray_OneBatch()
    {
        var path = Path.Combine(_dir, "events.json");
        File.WriteAllText(path, "[" + string.Join(',', Lines(3).Where(l => l.Length > 0)) + "]");
        using var stream = EventStream.Read(path, TimeProvider.System);

        var batches = new List<IReadOnlyList<DeliveryEvent>>();
        await foreach (var batch in stream.Batches())
        {
            batches.Add(batch);
        }

        batches.ShouldHaveSingleItem().Select(e => e.EventId).ShouldBe(["d0", "d1", "d2"]);
        stream.Ignored.ShouldBe(0);
    }

    [Fact]
    public void Read_EmptyFile_OneLineNamingIt()
    {
        var path = Path.Combine(_dir, "empty.ndjson");
        File.WriteAllBytes(path, []);

        var error = Should.Throw<InvalidInputException>(() => EventStream.Read(path, TimeProvider.System));

        error.Message.ShouldBe($"{path} is empty: there are no events in it");
    }

    [Fact]
    public async Task Batches_FromAPipe_AllItsEvents()
    {
        var fifo = Path.Combine(_dir, "events.fifo");
        var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]);
        await mkfifo.WaitForExitAsync();
        var lines = Lines(3);
        var writer = Task.Run(() => File.WriteAllLines(fifo, lines));

        using var stream = EventStream.Read(fifo, TimeProvider.System);
        var events = await AllAsync(stream);
        await writer;

        events.Select(e => e.EventId).ShouldBe(["d0", "d1", "d2"]);
    }

    [Fact]
    public void Read_MissingFile_InvalidInputNamingIt()
    {
        var path = Path.Combine(_dir, "missing.ndjson");

        var error = Should.Throw<InvalidInputException>(() => EventStream.Read(path, TimeProvider.System));

        error.Message.ShouldBe($"{path} does not exist");
    }

    [Fact]
    public void Read_Directory_InvalidInputSayingWhatItIs()
    {
        var error = Should.Throw<InvalidInputException>(() => EventStream.Read(_dir, TimeProvider.System));

        error.Message.ShouldBe($"{_dir} is a directory, not a regular file");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
