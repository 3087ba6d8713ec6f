using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Tests.Workloads;

/// <summary>
/// A pause's duration read as Argo Rollouts reads it: a whole number of seconds in 32 bits, or a Go duration cut to
/// whole seconds; anything else is -1 (refused). Expected values follow Go's <c>strconv.ParseInt</c> and
/// <c>time.ParseDuration</c> as documented (https://pkg.go.dev/time#ParseDuration).
/// </summary>
public sealed class PauseDurationTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("+30", 30)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("-5", -5)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData(".5m", 30)]
    [InlineData("5.m", 300)]
    [InlineData("1m30.9s", 90)]
    [InlineData("500ms", 0)]
    [InlineData("2000000us", 2)]
    [InlineData("2000000µs", 2)]
    [InlineData("3000000000ns", 3)]
    [InlineData("-5s", -5)]
    [InlineData("-500ms", 0)]
    [InlineData("+1h", 3600)]
    public void Read_TextArgoReads_ItsWholeSeconds(string text, long seconds)
    {
        PauseDuration.Read(text).ShouldBe(seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("5 m")]
    [InlineData("5min")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData(".s")]
    [InlineData("-")]
    [InlineData("1..5s")]
    [InlineData("30\n")]
    [InlineData("2147483648")]
    [InlineData("3000000h")]
    public void Read_TextArgoCannotRead_Null(string text)
    {
        PauseDuration.Read(text).ShouldBeNull();
        PauseDuration.Seconds(text).ShouldBe(-1);
    }
}
