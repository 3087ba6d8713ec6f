using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Models.Tables;

/// <summary>
/// Parses a number from UTF-8 text as <c>double.TryParse</c> with invariant culture does, faster for plain decimals:
/// when the digits fit in 53 bits and the power of ten is at most 22, one exact multiplication or division gives the
/// correctly rounded double (Clinger's fast path); other decimals of up to 19 significant digits go through
/// <see cref="EiselLemire"/> (full-precision doubles, as written by Python, pandas or Spark); anything else, and what
/// that declines, goes to the runtime's parser.
/// </summary>
public static class DecimalText
{
    /// <summary>10^0 … 10^22, every one exact as a double (Clinger's fast path divides or multiplies by them).</summary>
    internal static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        (TryFast(text, out value, out var length) && length == text.Length) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// A plain decimal at the start of <paramref name="text"/>, up to the first byte that cannot continue it
    /// (<paramref name="length"/> bytes): when that byte ends the field, <paramref name="value"/> is what
    /// <see cref="TryParse"/> gives for the field. False when the fast path cannot tell (the caller parses the field).
    /// </summary>
    public static bool TryParsePrefix(ReadOnlySpan<byte> text, out double value, out int length) => TryFast(text, out value, out length);

    private static bool TryFast(ReadOnlySpan<byte> s, out double value, out int length)
    {
        if (TryWords(s, out value, out length))
        {
            return true;
        }

        value = 0;
        length = 0;
        var i = Sign(s, out var negative);

        ulong mantissa = 0;
        int digits = 0, exponent = 0;
        var any = false;
        for (var fraction = false; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                if (s[i] == '.' && !fraction)
                {
                    fraction = true;
                    continue;
                }

                break;
            }

            any = true;
            if (mantissa != 0 || d != 0)
            {
                if (++digits > 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
            }

            if (fraction)
            {
                exponent--;
            }
        }

        if (!any)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            var negativeExponent = i < s.Length && s[i] == '-';
            if (i < s.Length && (s[i] == '-' || s[i] == '+'))
            {
                i++;
            }

            var start = i;
            var e = 0;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
            {
                e = Math.Min((e * 10) + (s[i] - '0'), 100_000);
            }

            if (i == start)
            {
                return false;
            }

            exponent += negativeExponent ? -e : e;
        }

        if (!ToDouble(mantissa, exponent, out var v))
        {
            return false;
        }

        length = i;
        value = negative ? -v : v;
        return true;
    }

    // A plain decimal (sign, digits, point, digits; no exponent) of at most 19 digits, leading zeros included, read
    // eight bytes at a time: the digits of a word end at its first byte that is not one. False when the text is any
    // other spelling, or too near the end of the span for whole words (the digit-by-digit loop takes it).
    private static bool TryWords(ReadOnlySpan<byte> s, out double value, out int length)
    {
        value = 0;
        length = 0;
        var i = Sign(s, out var negative);

        ulong mantissa = 0;
        var significant = 0;
        if (!DigitWords.Append(s, ref i, ref mantissa, ref significant, out var digits))
        {
            return false;
        }

        var fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!DigitWords.Append(s, ref i, ref mantissa, ref significant, out fraction))
            {
                return false;
            }

            digits += fraction;
        }

        if (digits == 0 || (i < s.Length && (s[i] | 0x20) == 'e') || !ToDouble(mantissa, -fraction, out var v))
        {
            return false;
        }

        length = i;
        value = negative ? -v : v;
        return true;
    }

    // How many bytes the sign takes (0 or 1), and whether it is a minus.
    private static int Sign(ReadOnlySpan<byte> s, out bool negative)
    {
        negative = s.Length > 0 && s[0] == '-';
        return s.Length > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    }

    /// <summary>
    /// mantissa × 10^exponent, correctly rounded: exact when both fit Clinger's fast path, else Eisel–Lemire; false
    /// when that declines (the caller parses the text with the runtime).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool ToDouble(ulong mantissa, int exponent, out double v)
    {
        if (mantissa == 0)
        {
            v = 0;
            return true;
        }

        if (mantissa <= 1UL << 53 && exponent >= -22 && exponent <= 22)
        {
            // Below 2^53, so the signed conversion is exact (one instruction, where the unsigned one is several).
            v = (long)mantissa;
            v = exponent < 0 ? v / PowersOfTen[-exponent] : v * PowersOfTen[exponent];
            return true;
        }

        return EiselLemire.TryCompute(mantissa, exponent, out v);
    }
}
