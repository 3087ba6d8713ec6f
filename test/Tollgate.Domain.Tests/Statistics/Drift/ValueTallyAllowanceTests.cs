using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

public sealed class ValueTallyAllowanceTests
{
    [Theory]
    [InlineData(600_000, true)] // kept from the first batch
    [InlineData(300_000, true)] // kept past the probe, the counted values written out
    [InlineData(300_000, false)] // a slice's tally, counted as values come, then kept
    public void Add_WithAnAllowanceThatLetsItKeep_TakesWhatItKeepsAndGivesTheSameFigures(int count, bool batched)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray();
        var allowance = new Allowance(long.MaxValue);
        var limited = Tally(values, new ValueTally(batched ? count / 2 : 0, batched) { Allowance = allowance });
        var free = Tally(values, new ValueTally(batched ? count / 2 : 0, batched));

        limited.Refused.ShouldBeFalse();
        var kept = limited.Result();
        EcdfWalk.Of(kept, free.Result()).MaxGap.ShouldBe(0);
        kept.Total.ShouldBe(count);

        // What is taken is the array that holds the values (grown as needed, the smaller ones given back).
        allowance.Taken.ShouldBeGreaterThanOrEqualTo(8L * count);
        allowance.Taken.ShouldBeLessThanOrEqualTo(8L * 2 * count);
        allowance.Asked.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData(600_000, true, 0)]
    [InlineData(300_000, true, 0)]
    [InlineData(300_000, false, 0)]
    [InlineData(2_000_000, true, 6_000_000)] // the first array granted, its growth refused
    public void Add_RefusedMemory_LetsGoOfEverythingAndHasNoResult(int count, bool batched, long limit)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray();
        var allowance = new Allowance(limit);
        var tally = Tally(values, new ValueTally(batched ? count / 4 : 0, batched) { Allowance = allowance });

        // Refused while reading, or while counting the values still gathered (fewer than a batch).
        tally.TryResult().ShouldBeNull();
        tally.Refused.ShouldBeTrue();
        tally.Keeping.ShouldBeFalse();
        allowance.Taken.ShouldBe(0, "all it took is given back");
        allowance.Asked.ShouldBeGreaterThan(0);
        Should.Throw<InvalidOperationException>(() => tally.Result());
        tally.Add(values.AsSpan(0, 10));
        tally.Refused.ShouldBeTrue();
    }

    [Fact]
    public void Add_ValuesWithTies_AreCountedAndNeverAskForMemory()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 600_000).Select(_ => (double)random.Next(1000)).ToArray();
        var allowance = new Allowance(0);
        var tally = Tally(values, new ValueTally(values.Length) { Allowance = allowance });

        tally.Refused.ShouldBeFalse();
        tally.Result().Total.ShouldBe(values.Length);
        allowance.Asked.ShouldBe(0);
    }

    [Fact]
    public void Abandon_GivesBackWhatWasKept()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 600_000).Select(_ => random.NextDouble()).ToArray();
        var allowance = new Allowance(long.MaxValue);
        var tally = Tally(values, new ValueTally(values.Length) { Allowance = allowance });
        allowance.Taken.ShouldBeGreaterThan(0);

        tally.Abandon();

        allowance.Taken.ShouldBe(0);
        tally.Refused.ShouldBeTrue();
    }

    private static ValueTally Tally(double[] values, ValueTally tally)
    {
        for (var at = 0; at < values.Length; at += 100_000)
        {
            tally.Add(values.AsSpan(at, Math.Min(100_000, values.Length - at)));
        }

        return tally;
    }

    private sealed class Allowance(long limit) : IKeepAllowance
    {
        public long Taken { get; private set; }

        public int Asked { get; private set; }

        public bool TryTake(long bytes)
        {
            Asked++;
            if (Taken + bytes > limit)
            {
                return false;
            }

            Taken += bytes;
            return true;
        }

        public void Give(long bytes) => Taken -= bytes;
    }
}
