namespace Tollgate.Canary.Sources;

/// <summary>
/// The answer to one query: series, or the reason there are none. <see cref="Unavailable"/> is set when the source could
/// not be asked (down, timeout, 5xx): the judge turns that into <c>hold</c>, never into zeros.
/// </summary>
public sealed record MetricResponse(IReadOnlyList<MetricSeries> Series)
{
    /// <summary>Why the source could not answer, with its own error text; null when it did.</summary>
    public string? Unavailable { get; init; }

    /// <summary>
    /// The <c>warnings</c> the source attached to a successful answer: Prometheus' <c>PromQL warning: …</c> on data it
    /// could not read as asked, a Thanos or Mimir <c>partial response</c> when a store or querier did not answer. The
    /// answer may be incomplete, so a gate never promotes on it.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The <c>infos</c> the source attached to a successful answer (<c>PromQL info: …</c>): notes, not doubts about the data.</summary>
    public IReadOnlyList<string> Infos { get; init; } = [];

    /// <summary>
    /// True when the source answered but refuses this address or these credentials (HTTP 401, 403, 404, a redirect that
    /// drops the query): asking again will not help, so a gate reports it as a configuration error, not an outage.
    /// </summary>
    public bool Refused { get; init; }

    /// <summary>
    /// True when a replayed recording has no answer for this request (it was recorded with another time or spec, or
    /// before Tollgate asked this question): unavailable too, but a caller may leave a question of its own unasked.
    /// </summary>
    public bool NotRecorded { get; init; }

    /// <summary>True when the answer budget ran out before the source answered (<see cref="PrometheusOptions.Budget"/>).</summary>
    public bool BudgetSpent { get; init; }

    public static MetricResponse Down(string reason) => new([]) { Unavailable = reason };

    public static MetricResponse Refusal(string reason) => new([]) { Unavailable = reason, Refused = true };
}
