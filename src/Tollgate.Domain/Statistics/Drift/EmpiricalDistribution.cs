namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// A numeric sample as its sorted distinct values with counts: the raw data (every count 1 unless values repeat) or a
/// sketch's buckets. Every drift statistic on numbers is computed from this, so a merged profile and the whole data
/// give the same figures.
/// </summary>
public sealed class EmpiricalDistribution
{
    private EmpiricalDistribution(double[] values, long[] counts, long total)
    {
        Values = values;
        Counts = counts;
        Total = total;
    }

    /// <summary>Sorted distinct values.</summary>
    public double[] Values { get; }

    /// <summary>How often each value occurs.</summary>
    public long[] Counts { get; }

    public long Total { get; }

    /// <summary>From raw values (NaN and infinities dropped, as Evidently does); sorts a copy.</summary>
    public static EmpiricalDistribution FromValues(ReadOnlySpan<double> values)
    {
        var copy = new double[values.Length];
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                copy[n++] = v;
            }
        }

        Array.Sort(copy, 0, n);
        return FromSorted(copy.AsSpan(0, n));
    }

    /// <summary>From values already sorted ascending and finite.</summary>
    public static EmpiricalDistribution FromSorted(ReadOnlySpan<double> sorted)
    {
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                distinct++;
            }
        }

        var values = new double[distinct];
        var counts = new long[distinct];
        var k = -1;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                values[++k] = sorted[i];
            }

            counts[k]++;
        }

        return new EmpiricalDistribution(values, counts, sorted.Length);
    }

    /// <summary>From sorted distinct values and their (positive) counts, e.g. a sketch's buckets.</summary>
    public static EmpiricalDistribution FromCounts(double[] values, long[] counts)
    {
        if (values.Length != counts.Length)
        {
            throw new ArgumentException("values and counts differ in length");
        }

        long total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (counts[i] <= 0 || (i > 0 && !(values[i] > values[i - 1])))
            {
                throw new ArgumentException("values must be strictly increasing with positive counts");
            }

            total += counts[i];
        }

        return new EmpiricalDistribution(values, counts, total);
    }

    /// <summary>Mean of the sample.</summary>
    public double Mean()
    {
        double sum = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            sum += Values[i] * Counts[i];
        }

        return Total == 0 ? double.NaN : sum / Total;
    }

    /// <summary>Population standard deviation (ddof = 0), as Evidently's normalised Wasserstein uses.</summary>
    public double StandardDeviation()
    {
        var mean = Mean();
        double sum = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            var d = Values[i] - mean;
            sum += d * d * Counts[i];
        }

        return Total == 0 ? double.NaN : Math.Sqrt(sum / Total);
    }

    /// <summary>The q-quantile by the inverted empirical CDF (the smallest value with F(x) ≥ q).</summary>
    public double Quantile(double q)
    {
        var target = q * Total;
        long cumulative = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            cumulative += Counts[i];
            if (cumulative >= target)
            {
                return Values[i];
            }
        }

        return Values[^1];
    }
}
