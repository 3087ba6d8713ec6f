using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Tests.Delivery;

/// <summary><c>--changes</c>: a commit, with its commit time when known.</summary>
public sealed class ChangeTests
{
    [Fact]
    public void Parse_ShaAlone_NoCommitTime()
    {
        Change.Parse("c8").ShouldBe(new Change("c8", null));
    }

    [Fact]
    public void Parse_ShaAtTime_TheCommitTime()
    {
        Change.Parse("c8@2024-03-12T14:00:00Z").ShouldBe(new Change("c8", new DateTimeOffset(2024, 3, 12, 14, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Parse_BadTime_QuotesTheChangeAsTyped()
    {
        Should.Throw<InvalidInputException>(() => Change.Parse("abc@notatime")).Message
            .ShouldBe("--changes abc@notatime: the commit time notatime is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
    }
}
