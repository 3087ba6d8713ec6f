namespace Tollgate.Domain.Dora;

/// <summary>Quantiles of a sample by the chosen <see cref="MedianKind"/>.</summary>
public static class Quantile
{
    /// <summary>The <paramref name="p"/> quantile of <paramref name="values"/> (sorted in place), or null when empty.</summary>
    public static double? Of(List<double> values, double p, MedianKind kind)
    {
        if (values.Count == 0)
        {
            return null;
        }

        if (!IsSorted(values))
        {
            values.Sort();
        }

        if (kind == MedianKind.Mean && p == 0.5)
        {
            return values.Average();
        }

        var h = (values.Count - 1) * p;
        var low = (int)Math.Floor(h);
        if (kind == MedianKind.Lower)
        {
            return values[low];
        }

        var high = Math.Min(low + 1, values.Count - 1);
        return values[low] + ((h - low) * (values[high] - values[low]));
    }

    private static bool IsSorted(List<double> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i - 1] > values[i])
            {
                return false;
            }
        }

        return true;
    }
}
