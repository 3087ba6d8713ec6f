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
    [InlineData("1970-01-01T00:00:00Z", 0)]
    [InlineData("2026-11-01 10:30", 1793529000)]
    [InlineData("2026-11-01T10:30:00.999999999Z", 1793529000)]
    [InlineData("2026-11-01T12:30:00+0200", 1793529000)]
    [InlineData("2026-11-01", 1793491200)]
    public void Parse_Rfc3339OrUnixSeconds_SameInstant(string text, long unix)
    {
        Rfc3339.Parse(text, "--at").ToUnixTimeSeconds().ShouldBe(unix);
    }

    [Theory]
    [InlineData("2026-11-01T10:30:00", true)]
    [InlineData(" 2026-11-01 10:30 ", true)]
    [InlineData("2026-11-01T10:30:00.25", true)]
    [InlineData("2026-11-01", true)]
    [InlineData("2026-11-01T10:30:00Z", false)]
    [InlineData("2026-11-01t10:30:00z", false)]
    [InlineData("2026-11-01T11:30:00+01:00", false)]
    [InlineData("2026-11-01T05:30-0500", false)]
    [InlineData("1793529000", false)]
    [InlineData("yesterday", false)]
    [InlineData("2026-11-01T10:30:00+", false)]
    public void NamesNoOffset_OnlyAnRfc3339TimeThatIsReadAsUtc(string text, bool zoneless)
    {
        Rfc3339.NamesNoOffset(text).ShouldBe(zoneless);
    }

    [Theory]
    [InlineData("yesterday", "--at yesterday is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")]
    [InlineData("01/11/2026 10:30", "--at 01/11/2026 10:30 is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")] // 11 January or 1 November: not guessed
    [InlineData("November 1 2026", "--at November 1 2026 is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")]
    [InlineData("10:30", "--at 10:30 is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")] // not today's 10:30 in UTC
    [InlineData("2026-13-01T10:30:00Z", "--at 2026-13-01T10:30:00Z is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")]
    [InlineData("1e30", "--at 1e30 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("-1", "--at -1 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("NaN", "--at NaN is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")]
    [InlineData("-Infinity", "--at -Infinity is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds")]
    [InlineData("1e999", "--at 1e999 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("253402300800", "--at 253402300800 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("0001-01-01T00:00:00Z", "--at 0001-01-01T00:00:00Z is before 1970-01-01T00:00:00Z, as no time tollgate records can be: give a later one")] // was a year-1 deploy
    [InlineData("1969-12-31T23:59:59Z", "--at 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z, as no time tollgate records can be: give a later one")]
    [InlineData("1970-01-01T01:00:00+02:00", "--at 1970-01-01T01:00:00+02:00 is before 1970-01-01T00:00:00Z, as no time tollgate records can be: give a later one")]
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

    [Fact]
    public void TryParse_Span_AllocatesNothing()
    {
        var text = " 2026-11-01T11:30:00.123456789+01:00 ".AsSpan();
        Rfc3339.TryParse(text, out _).ShouldBeTrue(); // warmed up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = Rfc3339.TryParse(text, out var time);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        parsed.ShouldBeTrue();
        time.ShouldBe(new DateTimeOffset(2026, 11, 1, 10, 30, 0, TimeSpan.Zero).AddTicks(1_234_567));
        allocated.ShouldBe(0);
    }
}
