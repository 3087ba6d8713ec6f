namespace Tollgate.Domain.Tests;

/// <summary>The one reader and writer of the times users give and Tollgate shows.</summary>
public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-11-01T10:30:00Z", 1793529000)]
    [InlineData("2026-11-01T11:30:00+01:00", 1793529000)]
    [InlineData("2026-11-01T10:30:00", 1793529000)]
    [InlineData("1793529000", 1793529000)]
    [InlineData("1793529000.9", 1793529000)]
    [InlineData("0", 0)]
    public void Parse_Rfc3339OrUnixSeconds_SameInstant(string text, long unix)
    {
        Rfc3339.Parse(text, "--at").ToUnixTimeSeconds().ShouldBe(unix);
    }

    [Theory]
    [InlineData("yesterday", "--at yesterday is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")]
    [InlineData("1e30", "--at 1e30 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("-1", "--at -1 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("NaN", "--at NaN is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("253402300800", "--at 253402300800 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    public void Parse_NotATime_OneLineNamingTheOption(string text, string message)
    {
        Should.Throw<InvalidInputException>(() => Rfc3339.Parse(text, "--at")).Message.ShouldBe(message);
    }

    [Fact]
    public void Format_AnyOffset_UtcToTheSecond()
    {
        var time = new DateTimeOffset(2026, 3, 2, 13, 4, 5, 678, TimeSpan.FromHours(1));

        Rfc3339.Format(time).ShouldBe("2026-03-02T12:04:05Z");
        Rfc3339.Parse(Rfc3339.Format(time), "--at").ShouldBe(time.AddMilliseconds(-678));
    }
}
