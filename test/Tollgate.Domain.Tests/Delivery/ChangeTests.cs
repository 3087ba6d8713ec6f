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
}
