namespace Tollgate.Domain.Tests;

/// <summary>The one spelling of a duration in every message: shortest, exact, readable back by Prometheus and Go.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1ms")] // was "0s" in the canary's timeout and "" in a child process's
    [InlineData(300, "300ms")]
    [InlineData(1_500, "1500ms")] // was "1s" for a child process's timeout
    [InlineData(1_000, "1s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(600_000, "10m")]
    [InlineData(1_800_000, "30m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(90_061_000, "25h1m1s")] // hours, never days: Prometheus reads "25h", and "1d" would hide the hour
    [InlineData(604_800_000, "168h")]
    public void Shortest_IsExact(long milliseconds, string text) =>
        DurationText.Shortest(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(text);
}
