using System.Globalization;
using System.Net;

namespace Tollgate.Canary.Sources;

/// <summary>
/// Prometheus' HTTP API (<c>/api/v1/query_range</c>, <c>/api/v1/query</c>; Thanos and Mimir answer the same), asked by
/// form POST so long queries fit. Transport errors, timeouts, 429 and 5xx are retried with doubling backoff; when every
/// attempt fails the answer is <see cref="MetricResponse.Unavailable"/> with the last reason and Prometheus' own error text.
/// </summary>
public sealed class PrometheusSource(HttpClient http, Uri baseUrl, PrometheusOptions options, TimeProvider clock, ResponseRecorder? recorder = null)
    : IMetricSource
{
    public Uri BaseUrl { get; } = baseUrl;

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        AskAsync(RecordedRequest.Range(query, start, end, step), cancellationToken);

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        AskAsync(RecordedRequest.Instant(query, at), cancellationToken);

    private async Task<MetricResponse> AskAsync(RecordedRequest request, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl.ToString().TrimEnd('/') + "/api/v1/" + request.Endpoint);
        var form = request.Form().Append(new("timeout", Seconds(options.Timeout))).ToList();
        var reason = "";
        var backoff = options.FirstBackoff;
        for (var attempt = 1; attempt <= Math.Max(1, options.Attempts); attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(backoff, clock, cancellationToken);
                backoff *= 2;
            }

            // Network timeouts run on the wall clock; backoff waits on the injected clock.
            using var timeout = new CancellationTokenSource(options.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var content = new FormUrlEncodedContent(form);
                using var answer = await http.PostAsync(url, content, linked.Token);
                var body = await answer.Content.ReadAsStringAsync(linked.Token);
                if (IsRetryable(answer.StatusCode))
                {
                    reason = PrometheusResponse.Parse(answer.StatusCode, body, request.Query).Unavailable ?? $"HTTP {(int)answer.StatusCode}";
                    continue;
                }

                var parsed = PrometheusResponse.Parse(answer.StatusCode, body, request.Query);
                recorder?.Save(request, (int)answer.StatusCode, body, null);
                return parsed;
            }
            catch (HttpRequestException e)
            {
                reason = $"cannot reach Prometheus at {BaseUrl}: {e.Message}";
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                reason = $"Prometheus at {BaseUrl} did not answer within {options.Timeout.TotalSeconds:0.#}s";
            }
        }

        var down = $"{reason} (after {options.Attempts} attempt{(options.Attempts == 1 ? "" : "s")})";
        recorder?.Save(request, 0, null, down);
        return MetricResponse.Down(down);
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.InternalServerError;

    internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
