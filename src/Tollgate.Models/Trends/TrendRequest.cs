namespace Tollgate.Models.Trends;

/// <summary>
/// <c>tollgate model trend --series FILE</c> or <c>--prometheus QUERY</c>. The first <see cref="Baseline"/> points
/// (default: half the series, at most 30) set the in-control level and noise; <see cref="Alpha"/> is the Mann-Kendall
/// confirmation level. From Prometheus the series is the query's one result over <see cref="Range"/> up to now, a
/// point every <see cref="Step"/>.
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

    /// <summary>A PromQL query returning one series (e.g. <c>avg_over_time(kpi[1d])</c>); null: read <see cref="Series"/> as CSV.</summary>
    public string? Query { get; init; }

    public TimeSpan Range { get; init; } = TimeSpan.FromDays(60);

    public TimeSpan Step { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The model the series belongs to; with it the report's subject is the model (and <see cref="Name"/>), which <c>tollgate serve</c> exports as labels.</summary>
    public string? Model { get; init; }

    /// <summary>What the series is (e.g. <c>conversion</c>); default: the file's name, or <c>kpi</c> from Prometheus.</summary>
    public string? Name { get; init; }

    /// <summary>The name the finding and the gauges use for the series.</summary>
    public string SeriesName => Name ?? (Query is null ? System.IO.Path.GetFileName(Series) : "kpi");

    /// <summary>
    /// <see cref="Series"/> as the command was given it (relative to where it ran): the subject without a model, as a
    /// plan's path is. Null: <see cref="Series"/>.
    /// </summary>
    public string? Shown { get; init; }

    /// <summary>The report's subject: <c>MODEL#SERIES</c> when a model is named, else the file as given or the query.</summary>
    public string Subject => Model is null ? (Query ?? Shown ?? Series) : $"{Model}#{SeriesName}";
}
