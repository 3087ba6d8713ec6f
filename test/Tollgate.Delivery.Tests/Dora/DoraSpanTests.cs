using Tollgate.Delivery.Dora;

namespace Tollgate.Delivery.Tests.Dora;

/// <summary>The window's length in the DORA text's heading: a window under a day printed "(0 days)".</summary>
public sealed class DoraSpanTests
{
    [Theory]
    [InlineData(1.0 / 24, "1 h")]
    [InlineData(0.5, "12 h")]
    [InlineData(1.5 / 24, "1.5 h")]
    [InlineData(1, "1 day")]
    [InlineData(30, "30 days")]
    public void Span_WindowLength_InHoursBelowADay(double days, string expected) => DoraText.Span(days).ShouldBe(expected);
}
