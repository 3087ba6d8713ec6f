using System.Numerics;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

/// <summary>Doubles as exact integers, for reference sums computed without rounding.</summary>
internal static class ExactValues
{
    /// <summary>x × 2^<see cref="ExactSum.Scale"/> as an integer (exact for every finite double).</summary>
    public static BigInteger Scaled(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var significand = (bits & ((1L << 52) - 1)) | (exponent == 0 ? 0 : 1L << 52);
        var value = new BigInteger(significand) << ((exponent == 0 ? 1 : exponent) - 1075 + ExactSum.Scale);
        return bits < 0 ? -value : value;
    }
}
