using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Tests.Delivery;

/// <summary><c>--changes</c>: a commit, with its commit time when known.</summary>
public sealed class ChangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_ShaAlone_NoCommitTime()
    {
        Change.Parse("c8", Now).ShouldBe(new Change("c8", null));
    }

    [Fact]
    public void Parse_ShaAtTime_TheCommitTime()
    {
        Change.Parse("c8@2024-03-12T14:00:00Z", Now).ShouldBe(new Change("c8", new DateTimeOffset(2024, 3, 12, 14, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Parse_BadTime_QuotesTheChangeAsTyped()
    {
        Should.Throw<InvalidInputException>(() => Change.Parse("abc@notatime", Now)).Message
            .ShouldBe("--changes abc@notatime: the commit time notatime is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
    }

    [Fact]
    public void Parse_CommitTimeInTheFuture_RefusedBeyondTheClockSkewAllowance()
    {
        // Was recorded: a commit "made" after now gives a negative lead time. Events ingest refuses the same.
        Change.Parse("c8@2026-03-01T12:05:00Z", Now).CommittedAt.ShouldBe(Now.AddMinutes(5));
        Should.Throw<InvalidInputException>(() => Change.Parse("c8@2026-03-01T12:06:00Z", Now)).Message
            .ShouldBe("--changes c8@2026-03-01T12:06:00Z: the commit time 2026-03-01T12:06:00Z is in the future (now is 2026-03-01T12:00:00Z): give when the commit was made");
    }

    [Fact]
    public void ParseAll_CommaAndNewlineSeparatedLists_AreSeveralChanges()
    {
        // Was: "c2,c3" recorded as one change named "c2,c3", and a list with times refused as a bad commit time.
        var changes = Change.ParseAll(["c2@2026-02-27T10:00:00Z,c3@2026-02-28T11:00:00+01:00", "c4\nc5 c6", "c2@2026-02-27T10:00:00Z"], Now);

        changes.Select(c => c.Id).ShouldBe(["c2", "c3", "c4", "c5", "c6"]);
        changes[1].CommittedAt.ShouldBe(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero));
        changes[2].CommittedAt.ShouldBeNull();
    }

    [Fact]
    public void ParseAll_OneShaWithTwoCommitTimes_IsRefused()
    {
        Should.Throw<InvalidInputException>(() => Change.ParseAll(["c2@2026-02-27T10:00:00Z", "c2@2026-02-27T11:00:00Z"], Now)).Message
            .ShouldBe("--changes names c2 twice with different commit times (2026-02-27T10:00:00Z and 2026-02-27T11:00:00Z)");
    }

    [Theory]
    [InlineData("@2026-02-27T10:00:00Z", "--changes @2026-02-27T10:00:00Z: no SHA before the @")]
    [InlineData("a b", "--changes 'a b': one change is SHA or SHA@COMMIT-TIME, with no commas or spaces")]
    public void Parse_NoShaOrASeparator_IsRefused(string text, string message)
    {
        Should.Throw<InvalidInputException>(() => Change.Parse(text, Now)).Message.ShouldBe(message);
    }
}
