namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// How a control chart sees a long series: as the means of about <see cref="Target"/> blocks of consecutive points.
/// A slow decline is small beside one point's noise: 0.05%/day of a level of 0.8 over 30 days of hours is half a
/// point's standard deviation, under CUSUM's allowance k = 0.5σ, so a chart on the points rarely signals while
/// Mann-Kendall, counting every pair, sees it clearly. The mean of m points has √m less noise, so on 60 daily means of
/// hours the same decline is 2.4 of their standard deviations, and the chart agrees where Mann-Kendall does. A series
/// of at most 2 × <see cref="Target"/> points is charted point by point, as a daily series always was. Blocks differ in
/// size by at most one point (block b holds points ⌊b·n/B⌋ to ⌊(b+1)·n/B⌋ − 1), so no short block at the end, the
/// newest data, charts with more noise than the rest.
/// </summary>
public sealed class ChartBlocks
{
    /// <summary>About how many blocks a long series is charted as: the length of the daily series the chart's design fits.</summary>
    public const int Target = 60;

    private readonly int points;

    private ChartBlocks(int points, int count)
    {
        this.points = points;
        Count = count;
    }

    /// <summary>How many blocks (equal to the points when each point is its own block).</summary>
    public int Count { get; }

    /// <summary>Points per block, the larger when sizes differ (1: the series is charted point by point).</summary>
    public int Size => (points + Count - 1) / Count;

    /// <summary>Whether points are averaged at all.</summary>
    public bool Averaged => Count < points;

    /// <summary>The blocks of a series of <paramref name="points"/> points.</summary>
    public static ChartBlocks For(int points)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        if (points <= 2 * Target)
        {
            return new ChartBlocks(points, points);
        }

        var size = (points + Target - 1) / Target;
        return new ChartBlocks(points, (points + size - 1) / size);
    }

    /// <summary>The index of block <paramref name="block"/>'s first point (<see cref="Count"/> gives the series' length).</summary>
    public int Start(int block) => (int)((long)block * points / Count);

    /// <summary>The block holding point <paramref name="index"/>.</summary>
    public int Of(int index) => (int)(((((long)index + 1) * Count) - 1) / points); // the largest b with ⌊b·n/B⌋ ≤ i

    /// <summary>Each block's mean.</summary>
    public double[] Means(IReadOnlyList<double> x)
    {
        var means = new double[Count];
        for (var b = 0; b < Count; b++)
        {
            var (from, to) = (Start(b), Start(b + 1));
            double sum = 0;
            for (var i = from; i < to; i++)
            {
                sum += x[i];
            }

            means[b] = sum / (to - from);
        }

        return means;
    }

    /// <summary>
    /// A chart's alarm on the blocks as points of the series: the alarm at its block's last point (when the block's
    /// mean is known), the change point at its block's first.
    /// </summary>
    public ControlChartAlarm ToPoints(ControlChartAlarm alarm) =>
        !Averaged || !alarm.Alarmed ? alarm : new ControlChartAlarm(Start(alarm.AlarmIndex + 1) - 1, Start(alarm.OnsetIndex));
}
