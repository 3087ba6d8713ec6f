using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics;

/// <summary>
/// The exact sum of doubles and of their products with integers, whatever the order they come in,
/// so a figure summed from the same values is the same to the last bit however they were stored, split or sorted, and
/// is rounded once at the end. Each value's significand goes into a 64-bit sum kept for its sign and binary exponent
/// (one add, as Neal's "large superaccumulator", https://arxiv.org/abs/1505.05571); a sum nearing 2^63 is moved into
/// 32-bit limbs of a fixed-point number that spans every double and its product with a 64-bit integer.
/// </summary>
public sealed class ExactSum
{
    /// <summary>The sum is <see cref="ToScaledInteger"/> × 2^−Scale.</summary>
    public const int Scale = 1088;

    // Bit positions a piece may start at (from 2^−1074 + Scale), and limbs up to products of the largest double with 2^63.
    private const int Offsets = 2080;
    private const int Limbs = (Offsets + 192) / 32;
    private const ulong Mantissa = (1UL << 52) - 1;
    private const int DoubleOffset = Scale - 1075;

    private readonly ulong[] sums = new ulong[2 * Offsets];
    private readonly long[] limbs = new long[Limbs];
    private int limbAdds;

    /// <summary>Adds <paramref name="x"/> (finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double x) => Add(x, 0);

    /// <summary>Adds <paramref name="x"/> (finite), or −x when <paramref name="negate"/> is 1 (0 or 1, no branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double x, int negate)
    {
        var bits = BitConverter.DoubleToUInt64Bits(x);
        var exponent = (int)(bits >> 52) & 0x7FF;
        var normal = exponent != 0 ? 1 : 0;
        var significand = (bits & Mantissa) | ((ulong)normal << 52);
        Put((int)(bits >> 63) ^ negate, exponent + 1 - normal + DoubleOffset, significand);
    }

    /// <summary>Adds x × <paramref name="factor"/> exactly (finite x).</summary>
    public void AddTimes(double x, long factor)
    {
        if (factor == 0)
        {
            return;
        }

        var (significand, offset) = Split(x);
        var negative = (x < 0) ^ (factor < 0);
        var magnitude = (ulong)Math.Abs(factor);
        if (magnitude < 1024)
        {
            // A small count (a run of ties): the product is below 2^63, one piece for the binade's 64-bit sum.
            Put(negative ? 1 : 0, offset, significand * magnitude);
            return;
        }

        var high = Math.BigMul(significand, magnitude, out var low);
        AddLimbs(low, offset, negative);
        AddLimbs(high, offset + 64, negative);
    }

    /// <summary>Adds ±<paramref name="magnitude"/> × 2^<paramref name="exponent"/> (exponent ≥ −1074, as a double's last bit).</summary>
    public void AddScaled(UInt128 magnitude, int exponent, bool negative)
    {
        AddLimbs((ulong)magnitude, exponent + Scale, negative);
        AddLimbs((ulong)(magnitude >> 64), exponent + Scale + 64, negative);
    }

    /// <summary>The exact sum × 2^<see cref="Scale"/>, an integer.</summary>
    public BigInteger ToScaledInteger()
    {
        for (var e = 0; e < sums.Length; e++)
        {
            if (sums[e] != 0)
            {
                Flush(e);
            }
        }

        Carry();
        var result = BigInteger.Zero;
        for (var i = Limbs - 1; i >= 0; i--)
        {
            result = (result << 32) + limbs[i];
        }

        return result;
    }

    /// <summary>
    /// <paramref name="numerator"/> / <paramref name="denominator"/> × 2^<paramref name="exponent"/> rounded to the
    /// nearest double, ties to even (denominator &gt; 0; results below the normal range lose their last bits).
    /// </summary>
    public static double Round(BigInteger numerator, BigInteger denominator, int exponent)
    {
        if (numerator.IsZero)
        {
            return 0;
        }

        var negative = numerator.Sign < 0;
        numerator = BigInteger.Abs(numerator);

        // A quotient of 64 or 65 bits, with a sticky bit for the remainder.
        var shift = 64 - (int)(numerator.GetBitLength() - denominator.GetBitLength());
        var quotient = BigInteger.DivRem(shift >= 0 ? numerator << shift : numerator, shift >= 0 ? denominator : denominator << -shift, out var remainder);
        var drop = (int)quotient.GetBitLength() - 53;
        var top = (ulong)(quotient >> drop);
        var rest = quotient & ((BigInteger.One << drop) - 1);
        var half = BigInteger.One << (drop - 1);
        if (rest > half || (rest == half && (!remainder.IsZero || (top & 1) == 1)))
        {
            top++;
        }

        var value = Math.ScaleB(top, drop - shift + exponent);
        return negative ? -value : value;
    }

    // The significand and the bit position of its last bit (2^(offset − Scale)).
    private static (ulong Significand, int Offset) Split(double x)
    {
        var bits = BitConverter.DoubleToUInt64Bits(x);
        var exponent = (int)(bits >> 52) & 0x7FF;
        return exponent == 0 ? (bits & Mantissa, 1 + DoubleOffset) : ((bits & Mantissa) | (1UL << 52), exponent + DoubleOffset);
    }

    // Adds a piece below 2^63 at a bit position; the 64-bit sum of its sign and position cannot overflow because it
    // is moved to the limbs as soon as it reaches 2^63.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Put(int negative, int offset, ulong piece)
    {
        var e = (negative * Offsets) + offset;
        ref var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sums), e);
        var sum = slot + piece;
        slot = sum;
        if ((long)sum < 0)
        {
            Flush(e);
        }
    }

    private void Flush(int e)
    {
        var negative = e >= Offsets;
        AddLimbs(sums[e], negative ? e - Offsets : e, negative);
        sums[e] = 0;
    }

    // Adds a 64-bit piece at a bit position into the limbs: at most 32 bits into each of three limbs.
    private void AddLimbs(ulong piece, int offset, bool negative)
    {
        var i = offset >> 5;
        var s = offset & 31;
        var shifted = piece << s;
        var over = (piece >> 1) >> (63 - s);
        long sign = negative ? -1 : 0;
        limbs[i] += ((long)(shifted & 0xFFFFFFFF) ^ sign) - sign;
        limbs[i + 1] += ((long)(shifted >> 32) ^ sign) - sign;
        limbs[i + 2] += ((long)over ^ sign) - sign;
        if (++limbAdds == 1 << 29)
        {
            Carry();
        }
    }

    // Leaves every limb but the last in [0, 2^32).
    private void Carry()
    {
        for (var i = 0; i < Limbs - 1; i++)
        {
            var carry = limbs[i] >> 32;
            limbs[i] -= carry << 32;
            limbs[i + 1] += carry;
        }

        limbAdds = 0;
    }
}
