using System.Numerics;

namespace Tollgate.Models.Tables;

/// <summary>
/// The correctly rounded double nearest to <c>w × 10^q</c> for a decimal significand of up to 19 digits, by the
/// Eisel–Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per second", Software: Practice and Experience
/// 51(8), 2021, https://arxiv.org/abs/2101.11408): one or two 64 × 64-bit products with a 128-bit approximation of 5^q
/// give the top bits of the exact product, enough to round it. Where the paper's analysis leaves a doubt (an exact
/// halfway case, a product whose low bits cannot be trusted) or the result is subnormal, it declines, and the caller
/// uses the runtime's parser; the property tests compare every result with <c>double.Parse</c>.
/// </summary>
internal static class EiselLemire
{
    private const int SmallestPower = -342;
    private const int LargestPower = 308;

    /// <summary>
    /// <paramref name="value"/> = the double nearest to <paramref name="w"/> × 10^<paramref name="q"/> (positive), or
    /// false when this method does not decide it. <paramref name="w"/> must not be zero.
    /// </summary>
    public static bool TryCompute(ulong w, int q, out double value)
    {
        value = 0;
        if (q < SmallestPower || q > LargestPower)
        {
            return false;
        }

        var lz = BitOperations.LeadingZeroCount(w);
        w <<= lz;

        // The top 128 bits of w × 5^q: the first product, refined by the table's low word when its lower bits are all ones.
        var index = 2 * (q - SmallestPower);
        var high = Math.BigMul(w, Powers.OfFive[index], out var low);
        const ulong precisionMask = ulong.MaxValue >> 55;
        if ((high & precisionMask) == precisionMask)
        {
            var second = Math.BigMul(w, Powers.OfFive[index + 1], out _);
            low += second;
            if (second > low)
            {
                high++;
            }

            if (low == ulong.MaxValue && (q < -27 || q > 55))
            {
                return false;
            }
        }

        var upper = (int)(high >> 63);
        var shift = upper + 64 - 52 - 3;
        var mantissa = high >> shift;

        // floor(q · log2 10) + 63, as 217706 / 2^16 ≈ log2 10 gives it exactly over the table's range.
        var power2 = (((152170 + 65536) * q) >> 16) + 63 + upper - lz + 1023;
        if (power2 <= 0)
        {
            return false;
        }

        // Exactly halfway between two doubles (only possible for small |q|): left to the runtime, which rounds to even.
        if (low <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && mantissa << shift == high)
        {
            return false;
        }

        mantissa += mantissa & 1;
        mantissa >>= 1;
        if (mantissa >= 2UL << 52)
        {
            mantissa = 1UL << 52;
            power2++;
        }

        if (power2 >= 0x7FF)
        {
            return false;
        }

        value = BitConverter.UInt64BitsToDouble((mantissa & ~(1UL << 52)) | ((ulong)power2 << 52));
        return true;
    }

    // Computed on first use (a few hundred big-integer divisions, well under a millisecond), not written out as a table.
    private static class Powers
    {
        /// <summary>
        /// For each q from −342 to 308, two words: 5^q's 128 leading bits, truncated (q ≥ 0), or the reciprocal's,
        /// 2^b / 5^−q rounded up (q &lt; 0), as the paper's Appendix B defines them.
        /// </summary>
        public static readonly ulong[] OfFive = Make();

        private static ulong[] Make()
        {
            var table = new ulong[2 * (LargestPower - SmallestPower + 1)];
            var top = BigInteger.One << 128;
            for (var q = SmallestPower; q <= LargestPower; q++)
            {
                BigInteger c;
                if (q < 0)
                {
                    var power = BigInteger.Pow(5, -q);
                    var z = (int)(power - 1).GetBitLength();
                    c = (BigInteger.One << (q >= -27 ? z + 127 : (2 * z) + 128)) / power + 1;
                    while (c >= top)
                    {
                        c >>= 1;
                    }
                }
                else
                {
                    c = BigInteger.Pow(5, q);
                    var bits = (int)c.GetBitLength();
                    c = bits < 128 ? c << (128 - bits) : c >> (bits - 128);
                }

                var i = 2 * (q - SmallestPower);
                table[i] = (ulong)(c >> 64);
                table[i + 1] = (ulong)(c & ulong.MaxValue);
            }

            return table;
        }
    }
}
