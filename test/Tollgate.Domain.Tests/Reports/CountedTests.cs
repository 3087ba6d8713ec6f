using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Tests.Reports;

public sealed class CountedTests
{
    [Theory]
    [InlineData(0, "slice", null, "0 slices")]
    [InlineData(1, "slice", null, "1 slice")]
    [InlineData(2, "slice", null, "2 slices")]
    [InlineData(1, "Flagger Canary", "Flagger Canaries", "1 Flagger Canary")]
    [InlineData(3, "Flagger Canary", "Flagger Canaries", "3 Flagger Canaries")]
    [InlineData(12345, "file", null, "12345 files")]
    public void Of_GivesTheNounInTheNumberOfTheCount(long count, string singular, string? plural, string expected) =>
        Counted.Of(count, singular, plural).ShouldBe(expected);
}
