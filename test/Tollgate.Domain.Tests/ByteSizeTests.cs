namespace Tollgate.Domain.Tests;

/// <summary>Sizes as options take them: bytes, decimal units as Kubernetes reads them, binary units.</summary>
public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("16777216", 16777216L)]
    [InlineData("600MB", 600_000_000L)]
    [InlineData("600M", 600_000_000L)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("512mi", 512L << 20)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("2 GB", 2_000_000_000L)]
    [InlineData("64k", 64_000L)]
    [InlineData("64KiB", 64L << 10)]
    [InlineData("100b", 100L)]
    public void Parse_BytesOrAUnit_IsTheSizeInBytes(string text, long bytes)
    {
        ByteSize.Parse(text, "--max-body-size").ShouldBe(bytes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5MB")]
    [InlineData("1e9")]
    [InlineData("12.5")]
    [InlineData("600TB")]
    [InlineData("MB")]
    [InlineData("")]
    [InlineData("99999999999GiB")]
    [InlineData("99999999999999999999GB")] // past decimal's range once multiplied: was OverflowException, 'internal error'
    [InlineData("79228162514264337593543950335")]
    [InlineData("9223372036854775808")]
    public void Parse_AnythingElse_IsRefusedNamingTheOptionAndTheForms(string text)
    {
        Should.Throw<InvalidInputException>(() => ByteSize.Parse(text, "--max-body-size")).Message
            .ShouldBe($"--max-body-size {text}: expected a positive size in bytes or with a unit (16777216, 600MB, 512MiB, 1.5GiB)");
    }

    [Theory]
    [InlineData(16L << 20, "16 MiB")]
    [InlineData(3L << 10, "3 KiB")]
    [InlineData(1_000_000L, "1000000 bytes")]
    public void Format_WholeUnitsWhenExact(long bytes, string text)
    {
        ByteSize.Format(bytes).ShouldBe(text);
    }
}
