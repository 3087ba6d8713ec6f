using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>A recording kept in memory is looked at again once per recheck, and any changed file starts afresh.</summary>
public sealed class ReplayRecordingTests
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private readonly string _directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-recording-").FullName;
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Current_NothingChanged_SameSnapshotWithItsParsedAnswers()
    {
        Write("evaluation.json", """{"at": 1793529000}""");
        var recording = new ReplayRecording(_directory, _clock, Recheck);

        var first = recording.Current();
        _clock.Advance(TimeSpan.FromSeconds(5));
        var second = recording.Current();

        second.ShouldBeSameAs(first);
        second.RecordedAt.ToUnixTimeSeconds().ShouldBe(1793529000);
    }

    [Fact]
    public void Current_FileRewritten_NewSnapshotAfterTheRecheck()
    {
        var file = Write("evaluation.json", """{"at": 1793529000}""");
        var recording = new ReplayRecording(_directory, _clock, Recheck);
        var first = recording.Current();
        first.RecordedAt.ToUnixTimeSeconds().ShouldBe(1793529000);

        File.WriteAllText(file, """{"at": 1793532600}""");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(1));
        var withinRecheck = recording.Current();
        _clock.Advance(Recheck);
        var afterRecheck = recording.Current();

        withinRecheck.ShouldBeSameAs(first);
        afterRecheck.ShouldNotBeSameAs(first);
        afterRecheck.RecordedAt.ToUnixTimeSeconds().ShouldBe(1793532600);
    }

    [Fact]
    public void Current_FileAddedOrRemoved_NewSnapshot()
    {
        Write("evaluation.json", """{"at": 1793529000}""");
        var recording = new ReplayRecording(_directory, _clock, TimeSpan.Zero);
        var first = recording.Current();

        var added = Write("0123456789abcdef01234567.json", """{"status": 200, "body": "{}"}""");
        var second = recording.Current();
        File.Delete(added);
        var third = recording.Current();

        second.ShouldNotBeSameAs(first);
        third.ShouldNotBeSameAs(second);
    }

    [Fact]
    public async Task Answers_NotRecorded_UnavailableNeverEmpty()
    {
        Write("evaluation.json", """{"at": 1793529000}""");
        var snapshot = new ReplayRecording(_directory, _clock, Recheck).Current();

        var answer = await snapshot.InstantAsync("vector(1)", DateTimeOffset.FromUnixTimeSeconds(1793529000), CancellationToken.None);

        answer.Unavailable.ShouldNotBeNull().ShouldContain("has no answer");
    }

    private string Write(string name, string text)
    {
        var file = Path.Combine(_directory, name);
        File.WriteAllText(file, text);
        return file;
    }
}
