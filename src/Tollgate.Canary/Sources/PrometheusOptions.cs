namespace Tollgate.Canary.Sources;

/// <summary>How patiently Prometheus is asked: a timeout per attempt, attempts in all, and the first backoff (doubling).</summary>
public sealed record PrometheusOptions(TimeSpan Timeout, int Attempts = 3, TimeSpan Backoff = default)
{
    public TimeSpan FirstBackoff => Backoff == default ? TimeSpan.FromMilliseconds(500) : Backoff;
}
