using System.Globalization;
using System.Text;
using CsCheck;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// <see cref="DecimalText"/> (Clinger's fast path, then Eisel–Lemire, then the runtime) gives the runtime's double for
/// every spelling, to the bit: every double written shortest or with 17 digits, random significands of 1–19 digits at
/// every decimal exponent the table covers and beyond, and the cases next to halfway, subnormal and overflow.
/// </summary>
public sealed class DecimalTextTests
{
    public static TheoryData<string> Edges =>
    [
        "9007199254740993", "9007199254740995", "9007199254740992", "18014398509481985", "9223372036854775807",
        "9223372036854775808", "18446744073709551615", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072009e-308", "4.9406564584124654e-324", "2.4703282292062328e-324",
        "1e-342", "1e-343", "9999999999999999999e-361", "1e308", "1e309", "9999999999999999999e289", "0.1", "0.3", "1e23", "8.98846567431158e307",
        "7.2057594037927933e16", "7.2057594037927945e16", "2.5e-1", "1.00000000000000011102230246251565404236316680908203125",
        "123456789012345678e-5", "0.000000000000000000000000000000000000000000001234567890123456789", "-0.0", "-1.5e-300",
    ];

    [Theory]
    [MemberData(nameof(Edges))]
    public void TryParse_EdgeSpellings_AsTheRuntime(string text) => SameAsRuntime(text);

    [Fact]
    public void TryParse_EveryDoubleWrittenShortestOr17Digits_AsTheRuntime() =>
        Gen.ULong.Select(bits => BitConverter.UInt64BitsToDouble(bits)).Where(double.IsFinite).Sample(
            v =>
            {
                SameAsRuntime(v.ToString("R", CultureInfo.InvariantCulture));
                SameAsRuntime(v.ToString("E16", CultureInfo.InvariantCulture));
            },
            iter: 100_000);

    [Fact]
    public void TryParse_SignificandsOfUpTo19DigitsAtAnyExponent_AsTheRuntime() =>
        Gen.Select(Gen.ULong[1, 9_999_999_999_999_999_999UL], Gen.Int[-360, 330], Gen.Int[0, 25]).Sample(
            t =>
            {
                var (w, q, point) = t;
                var digits = w.ToString(CultureInfo.InvariantCulture);
                point = Math.Min(point, digits.Length);
                var text = digits[..(digits.Length - point)] + (point > 0 ? "." + digits[^point..] : "") + "e" + (q + point).ToString(CultureInfo.InvariantCulture);
                SameAsRuntime(text);
                SameAsRuntime(w.ToString(CultureInfo.InvariantCulture) + "e" + q.ToString(CultureInfo.InvariantCulture));
            },
            iter: 100_000);

    [Fact]
    public void EiselLemire_RandomSignificandsAndExponents_DecidesNearlyAllAndEachAsTheRuntime()
    {
        var random = new Random(5);
        var declined = 0;
        const int Trials = 200_000;
        for (var i = 0; i < Trials; i++)
        {
            var w = Math.Max(1UL, (ulong)random.NextInt64(1, long.MaxValue) >> random.Next(0, 60));
            var q = random.Next(-330, 300);
            var text = w.ToString(CultureInfo.InvariantCulture) + "e" + q.ToString(CultureInfo.InvariantCulture);
            var expected = double.Parse(text, CultureInfo.InvariantCulture);
            if (!EiselLemire.TryCompute(w, q, out var value))
            {
                declined += double.IsNormal(expected) ? 1 : 0;
                continue;
            }

            BitConverter.DoubleToInt64Bits(value).ShouldBe(BitConverter.DoubleToInt64Bits(expected), text);
        }

        // Subnormal, zero and infinite results are declined by design (the runtime parses them); of the normal ones,
        // only exact halfway cases may be.
        declined.ShouldBeLessThan(Trials / 1000);
    }

    [Fact]
    public void TryParsePrefix_CellsOfACsvRecord_ReadWordAtATimeAsTheRuntime()
    {
        // Inside a record, where eight bytes can be read past every cell: the word-at-a-time path, not the digit loop.
        var random = new Random(8);
        for (var i = 0; i < 100_000; i++)
        {
            var v = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 12));
            var text = v.ToString(i % 4 == 0 ? "F6" : "R", CultureInfo.InvariantCulture);
            DecimalText.TryParsePrefix(Encoding.UTF8.GetBytes(text + ",12345678,"), out var a, out var length).ShouldBeTrue(text);
            length.ShouldBe(text.Length, text);
            BitConverter.DoubleToInt64Bits(a).ShouldBe(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), text);
        }
    }

    private static void SameAsRuntime(string text)
    {
        var expected = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var e);
        var actual = DecimalText.TryParse(Encoding.UTF8.GetBytes(text), out var a);
        actual.ShouldBe(expected, text);
        if (expected)
        {
            BitConverter.DoubleToInt64Bits(a).ShouldBe(BitConverter.DoubleToInt64Bits(e), text);
        }

        // As a cell followed by more of its record: a prefix that ends where the text ends is the runtime's number.
        if (DecimalText.TryParsePrefix(Encoding.UTF8.GetBytes(text + ",00000000,"), out var p, out var length) && length == text.Length)
        {
            expected.ShouldBeTrue(text);
            BitConverter.DoubleToInt64Bits(p).ShouldBe(BitConverter.DoubleToInt64Bits(e), text);
        }
    }
}
