using System.Numerics;
using Tollgate.Domain.Statistics;

namespace Tollgate.Domain.Tests.Statistics;

public sealed class ExactSumTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sums_OfValuesAndProducts_EqualTheExactRationalSum_InAnyOrder(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 20_000).Select(_ => Value(random)).ToArray();
        var factors = values.Select(_ => random.Next(4) switch
        {
            0 => (long)random.Next(-1024, 1025),
            1 => random.NextInt64(1, 1L << 53),
            2 => -random.NextInt64(1, long.MaxValue),
            _ => random.NextInt64(1, long.MaxValue),
        }).ToArray();

        var sum = new ExactSum();
        var products = new ExactSum();
        BigInteger s = 0, p = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum.Add(values[i]);
            products.AddTimes(values[i], factors[i]);
            var x = ExactValues.Scaled(values[i]);
            s += x;
            p += x * factors[i];
        }

        sum.ToScaledInteger().ShouldBe(s);
        products.ToScaledInteger().ShouldBe(p);

        var shuffled = new ExactSum();
        foreach (var x in values.OrderBy(_ => random.Next()))
        {
            shuffled.Add(x);
        }

        shuffled.ToScaledInteger().ShouldBe(s);
    }

    [Fact]
    public void Add_ManyOfTheSameBinade_CarriesWithoutOverflow()
    {
        // 3 million values just under 2^53 in one binade: the 64-bit sum of that binade fills many times.
        var sum = new ExactSum();
        var x = BitConverter.Int64BitsToDouble(0x433F_FFFF_FFFF_FFFF);
        for (var i = 0; i < 3_000_000; i++)
        {
            sum.Add(x);
            sum.Add(-0.5);
        }

        sum.ToScaledInteger().ShouldBe((ExactValues.Scaled(x) - ExactValues.Scaled(0.5)) * 3_000_000);
    }

    [Fact]
    public void Round_OfARatio_IsTheCorrectlyRoundedQuotient()
    {
        // IEEE division of two integers below 2^53 is correctly rounded, so it is the reference.
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var a = random.NextInt64(-(1L << 53), 1L << 53);
            var b = random.NextInt64(1, 1L << 53);
            var shift = random.Next(-60, 60);
            var expected = Math.ScaleB(a / (double)b, shift);
            ExactSum.Round(a, b, shift).ShouldBe(expected, $"{a} / {b} × 2^{shift}");
        }
    }

    [Fact]
    public void Round_OfOneValue_IsThatValue()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var x = Value(random);
            var sum = new ExactSum();
            sum.Add(x);
            BitConverter.DoubleToInt64Bits(ExactSum.Round(sum.ToScaledInteger(), 1, -ExactSum.Scale)).ShouldBe(BitConverter.DoubleToInt64Bits(x == 0 ? 0.0 : x));
        }
    }

    // Finite doubles of every kind: ordinary, huge, tiny, subnormal, zero, negative.
    private static double Value(Random random) => random.Next(6) switch
    {
        0 => random.NextDouble() * 1e6,
        1 => -Math.ScaleB(random.NextDouble() + 0.5, random.Next(-1074, 1020)),
        2 => Math.ScaleB(random.NextDouble() + 0.5, random.Next(-1074, 1020)),
        3 => BitConverter.Int64BitsToDouble(random.NextInt64(1, 1L << 52)) * (random.Next(2) == 0 ? 1 : -1),
        4 => random.Next(2) == 0 ? 0.0 : -0.0,
        _ => Math.Round(random.NextDouble() * 100, 2) - 50,
    };
}
