using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// A recorded answer that is absent is unavailable (the canary holds); one that is there but cannot be read (a
/// directory, unreadable) is an input error in the words every input file gets, never a crash or an absence.
/// </summary>
public sealed class ReplaySourceTests : IDisposable
{
    private static readonly RecordedRequest Request = RecordedRequest.Instant("up", DateTimeOffset.FromUnixTimeSeconds(1793529000));

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-replay-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Answer => Path.Combine(_directory, Request.Key() + ".json");

    [Fact]
    public void Read_NeverRecorded_IsUnavailable()
    {
        ReplaySource.Read(_directory, Request).Unavailable.ShouldNotBeNull().ShouldContain("has no answer for");
    }

    [Fact]
    public void Read_AnswerUnreadable_SaysSoNamingTheFile()
    {
        UnreadableFile.At(Answer);

        Should.Throw<InvalidInputException>(() => ReplaySource.Read(_directory, Request))
            .Message.ShouldBe($"cannot read {Answer}: permission denied");
    }

    [Fact]
    public void Read_AnswerIsADirectory_IsAnErrorNotAnAbsence()
    {
        Directory.CreateDirectory(Answer);

        Should.Throw<InvalidInputException>(() => ReplaySource.Read(_directory, Request))
            .Message.ShouldBe($"{Answer} is a directory, not a regular file");
    }

    [Theory]
    [InlineData("{\"status\": 200, \"body\": \"\\ud800\"}", "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 26 (an escape such as \\ud800 without its other half)")]
    [InlineData("{\"unavailable\": \"down \\udc00\"}", "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 23 (an escape such as \\ud800 without its other half)")]
    [InlineData("{\"status\": 200, \"body\": \"\u00c3(\"}", "not UTF-8: an invalid byte sequence at line 1, column 26")]
    public void Read_AnswerNotUnicodeText_SaysSoNamingTheFileAndWhere(string recorded, string problem)
    {
        // Written as Latin-1: the test's \u00c3 is the byte 0xC3, which '(' cannot continue in UTF-8.
        File.WriteAllBytes(Answer, System.Text.Encoding.Latin1.GetBytes(recorded));

        Should.Throw<InvalidInputException>(() => ReplaySource.Read(_directory, Request))
            .Message.ShouldBe($"{Answer} is {problem}");
    }

    [Fact]
    public void RecordedAt_EvaluationIsADirectory_SaysSoRatherThanMissing()
    {
        var evaluation = Directory.CreateDirectory(Path.Combine(_directory, "evaluation.json")).FullName;

        Should.Throw<InvalidInputException>(() => ReplaySource.RecordedAt(_directory))
            .Message.ShouldBe($"{evaluation} is a directory, not a regular file");
    }

    [Fact]
    public void RecordedAt_NoEvaluation_SaysToPassAt()
    {
        Should.Throw<InvalidInputException>(() => ReplaySource.RecordedAt(_directory))
            .Message.ShouldBe($"--replay {_directory}: no evaluation.json; pass --at with the recorded time");
    }
}
