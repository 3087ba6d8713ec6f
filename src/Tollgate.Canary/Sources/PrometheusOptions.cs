namespace Tollgate.Canary.Sources;

/// <summary>
/// How patiently Prometheus is asked: a timeout per attempt, attempts in all, the first backoff (doubling), and the
/// largest body read for one answer.
/// </summary>
public sealed record PrometheusOptions(TimeSpan Timeout, int Attempts = 3, TimeSpan Backoff = default)
{
    /// <summary>64 MiB: a 10-minute window of a few thousand series at one point a minute is a few MiB.</summary>
    public long MaxBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A bearer token sent as <c>Authorization: Bearer</c> (Thanos, Mimir, an OAuth proxy); never shown.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Where <see cref="BearerToken"/> came from, for a refusal to name ("the bearer token of --prometheus-token-file FILE").</summary>
    public string TokenSource { get; init; } = "the bearer token";

    /// <summary>
    /// How long all asks of one source together may take (a server's answer to a controller must beat its webhook
    /// timeout): attempts are cut short and retries not started past it. Null: only <see cref="Timeout"/> per attempt.
    /// </summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>
    /// When <see cref="Budget"/> started to run, on the source's clock (a server: the request's arrival, so the work
    /// before the first ask is spent from it too); null: when the source was opened.
    /// </summary>
    public DateTimeOffset? BudgetFrom { get; init; }

    public TimeSpan FirstBackoff => Backoff == default ? TimeSpan.FromMilliseconds(500) : Backoff;
}
