namespace Tollgate.Models.Trends;

/// <summary>
/// <c>tollgate model trend --series FILE</c>. The first <see cref="Baseline"/> points (default: half the series, at
/// most 30) set the in-control level and noise; <see cref="Alpha"/> is the Mann-Kendall confirmation level.
/// </summary>
public sealed record TrendRequest(string Series)
{
    public int? Baseline { get; init; }

    public double Alpha { get; init; } = 0.01;

    /// <summary><c>decrease</c> (a KPI where higher is better) or <c>increase</c> (e.g. fraud loss).</summary>
    public string Direction { get; init; } = "decrease";

    public int MinPoints { get; init; } = 10;

    /// <summary>Practical floor: ignore declines slower than this share of the baseline level per day.</summary>
    public double MinDailyChange { get; init; }
}
