using System.Globalization;
using System.Text;
using CsCheck;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// <see cref="CsvCells.Record"/> reads every cell of a record as the runtime parses it, to the bit: the short
/// word-at-a-time path, the long one that reads on past eight fraction digits, and what both leave to the general
/// parser (an exponent, more than 19 significant digits, leading zeros beyond them).
/// </summary>
public sealed class CsvCellsTests
{
    [Fact]
    public void Record_DoublesInEverySpelling_AsTheRuntimeToTheBit() =>
        Gen.Select(Gen.ULong, Gen.Int[0, 7], Gen.Int[0, 2]).Sample(
            t =>
            {
                var (bits, format, column) = t;
                var v = BitConverter.UInt64BitsToDouble(bits);
                if (!double.IsFinite(v))
                {
                    return;
                }

                // Scaled into the range CSV features live in, then written as Python, pandas, Spark or a fixed format would.
                var scaled = Math.Abs(v) is > 1e12 or < 1e-12 and > 0 ? v / Math.Pow(10, Math.Round(Math.Log10(Math.Abs(v)))) * 3.7 : v;
                var text = format switch
                {
                    0 => scaled.ToString("R", CultureInfo.InvariantCulture),
                    1 => scaled.ToString("E16", CultureInfo.InvariantCulture),
                    2 => scaled.ToString("F17", CultureInfo.InvariantCulture),
                    3 => (scaled / 1000).ToString("F20", CultureInfo.InvariantCulture),
                    4 => scaled.ToString("G17", CultureInfo.InvariantCulture),
                    5 => (scaled * 1e-5).ToString("R", CultureInfo.InvariantCulture),
                    6 => scaled.ToString("F8", CultureInfo.InvariantCulture),
                    _ => v.ToString("R", CultureInfo.InvariantCulture),
                };
                SameAsRuntime(text, column);
            },
            iter: 100_000);

    [Theory]
    [InlineData("9.505440164840804")]
    [InlineData("-0.05733304924928629")]
    [InlineData("0.0000000000000000001234567890123456789")]
    [InlineData("0.00000000000000000000000000000000000000000000000012345678901234567")]
    [InlineData("1234567.1234567890123")]
    [InlineData("1234567.12345678901234")]
    [InlineData("9007199.254740993")]
    [InlineData("0.99999999999999999999")]
    [InlineData("-0.000000000000")]
    [InlineData("0.000000000000000000000000000000")]
    [InlineData("-0.0000000000000000000000000000000000000000")]
    [InlineData(".12345678901234")]
    [InlineData("1.00000000000000011102230246251565404236316680908203125")]
    [InlineData("12.3456789012345678e3")]
    [InlineData("4.9406564584124654e-324")]
    public void Record_LongDecimals_AsTheRuntimeToTheBit(string text)
    {
        SameAsRuntime(text, 0);
        SameAsRuntime(text, 1);
        SameAsRuntime(text, 2);
    }

    [Theory]
    [InlineData("eu-west,1.5,0.12345678901234567,tier a", true)]
    [InlineData(",-2.25,,", true)]
    [InlineData("us-east,7,8,\"quoted\"", false)]
    [InlineData("us-east,7,8", false)]
    [InlineData("us-east,7,8,x,9", false)]
    [InlineData("us-east,seven,8,x", false)]
    public void Record_TextColumns_AsIdsBothWays(string record, bool taken)
    {
        // Columns 0 and 3 are text: ids in order of first sight, a quote or the wrong count refused, text in a number
        // column refused; read with commas found first and cell by cell alike.
        foreach (var (before, after) in new[] { ("a,0,0,b\n", "\n" + string.Concat(Enumerable.Repeat("c,1,2,d\n", 12))), ("", "\n") })
        {
            using var texts = new CsvTexts(["region", "tier"]);
            texts.Bind(["region", "x", "y", "tier"]);
            texts.Id(0, "a"u8);
            var buffer = Encoding.UTF8.GetBytes(before + record + after);
            var start = Encoding.UTF8.GetByteCount(before);
            var columns = new[] { new double[1], new double[1], new double[1], new double[1] };

            CsvCells.Record(buffer, start, start + Encoding.UTF8.GetByteCount(record), columns, 0, texts).ShouldBe(taken, record);
            if (taken)
            {
                var cells = record.Split(',');
                foreach (var k in new[] { 0, 3 })
                {
                    (double.IsNaN(columns[k][0]) ? "" : texts.Text(k, (int)columns[k][0])).ShouldBe(cells[k]);
                }

                columns[1][0].ShouldBe(double.Parse(cells[1], CultureInfo.InvariantCulture));
                (cells[2].Length == 0 ? double.IsNaN(columns[2][0]) : columns[2][0] == double.Parse(cells[2], CultureInfo.InvariantCulture)).ShouldBeTrue();
            }
        }
    }

    // The text as cell `column` of a three-cell record, read by CsvCells.Record twice: first with records before it and
    // more than 64 bytes after it (its commas found first, each cell read knowing its end), then at the very start of
    // a buffer that ends soon after it (read cell by cell).
    private static void SameAsRuntime(string text, int column)
    {
        var cells = new[] { "1.5", "22", "-3.25" };
        cells[column] = text;
        var record = string.Join(",", cells);
        foreach (var (before, after) in new[] { ("0.5,0.25,0.125\n7,8,9\n0.75,1,2\n", "\n" + string.Concat(Enumerable.Repeat("0.123456789,1,2\n", 8))), ("", "\n0.123456789,1,2\n") })
        {
            var buffer = Encoding.UTF8.GetBytes(before + record + after);
            var start = Encoding.UTF8.GetByteCount(before);
            var end = start + Encoding.UTF8.GetByteCount(record);
            var columns = new[] { new double[1], new double[1], new double[1] };

            CsvCells.Record(buffer, start, end, columns, 0).ShouldBeTrue(text);

            var expected = double.Parse(text, CultureInfo.InvariantCulture);
            BitConverter.DoubleToInt64Bits(columns[column][0]).ShouldBe(BitConverter.DoubleToInt64Bits(expected), text);
            for (var c = 0; c < 3; c++)
            {
                if (c != column)
                {
                    columns[c][0].ShouldBe(double.Parse(cells[c], CultureInfo.InvariantCulture));
                }
            }
        }
    }
}
