using System.Globalization;
using System.Net;
using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Sources;

/// <summary>
/// Prometheus' HTTP API (<c>/api/v1/query_range</c>, <c>/api/v1/query</c>; Thanos and Mimir answer the same), asked by
/// form POST so long queries fit. Transport errors, timeouts, 429 and 5xx are retried with doubling backoff (the wait
/// after a 429's or 503's <c>Retry-After</c> at least that long, the next ones doubling on from the base, and not at all when it asks for longer than the budget left, or than the query
/// timeout without a budget); when every
/// attempt fails the answer is <see cref="MetricResponse.Unavailable"/> with the last reason and Prometheus' own error text,
/// a transport error in plain words (<see cref="TransportFailure"/>: "connection refused", not the socket's text).
/// Credentials in the URL are sent as Basic authentication, a <see cref="PrometheusOptions.BearerToken"/> as Bearer, and shown nowhere; a body larger than
/// <see cref="PrometheusOptions.MaxBodyBytes"/> is not read further (unavailable, so the verdict holds). With a
/// <see cref="PrometheusOptions.Budget"/>, every ask of this source (attempts, backoffs) ends by one deadline on the
/// injected clock: an attempt is cut short at it and no retry starts past it, so a Prometheus that accepts and never
/// answers costs the budget, not attempts × timeout.
/// </summary>
public sealed class PrometheusSource(HttpClient http, Uri baseUrl, PrometheusOptions options, TimeProvider clock, ResponseRecorder? recorder = null)
    : IMetricSource
{
    private readonly PrometheusUrl _url = new(baseUrl);

    /// <summary>When the budget, counted from <see cref="PrometheusOptions.BudgetFrom"/> (else the source's opening), runs out; null without one.</summary>
    private readonly DateTimeOffset? _deadline = options.Budget is { } budget ? (options.BudgetFrom ?? clock.GetUtcNow()) + budget : null;

    /// <summary>The URL as shown to people: credentials redacted.</summary>
    public string BaseUrl => _url.Redacted;

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        AskAsync(RecordedRequest.Range(query, start, end, step), cancellationToken);

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        AskAsync(RecordedRequest.Instant(query, at), cancellationToken);

    private async Task<MetricResponse> AskAsync(RecordedRequest request, CancellationToken cancellationToken)
    {
        var url = new Uri(_url.Address.ToString().TrimEnd('/') + "/api/v1/" + request.Endpoint);
        var form = request.Form().Append(new("timeout", Seconds(options.Timeout))).ToList();
        var reason = "";
        var backoff = options.FirstBackoff;
        TimeSpan? retryAfter = null; // what the last answer asked to wait, for the next attempt only
        var (attempts, spent, cutShort) = (0, false, false); // spent: the budget ended the asking; cutShort: during an attempt
        for (var attempt = 1; attempt <= Math.Max(1, options.Attempts); attempt++)
        {
            if (attempt > 1)
            {
                // Retry-After is honoured for the wait it follows; the doubling goes on from the base, not from its ask.
                var pause = retryAfter > backoff ? retryAfter.Value : backoff;
                retryAfter = null;
                if (Left() is { } beforeBackoff && beforeBackoff <= pause)
                {
                    spent = true;
                    break;
                }

                await Task.Delay(pause, clock, cancellationToken);
                backoff *= 2;
            }

            // An attempt is cut short where the budget ends; none starts once it has.
            var wait = options.Timeout;
            if (Left() is { } left)
            {
                if (left <= TimeSpan.Zero)
                {
                    spent = true;
                    break;
                }

                wait = left < wait ? left : wait;
            }

            attempts++;

            // The attempt's timeout, the budget and the backoff all run on the injected clock.
            using var timeout = new CancellationTokenSource(wait, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
                if (_url.Authorization is { } credentials)
                {
                    message.Headers.Authorization = new("Basic", credentials);
                }
                else if (options.BearerToken is { } token)
                {
                    message.Headers.Authorization = new("Bearer", token);
                }

                using var answer = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (Redirect(answer, url) is { } redirected)
                {
                    recorder?.Save(request, (int)answer.StatusCode, null, redirected);
                    return MetricResponse.Refusal(redirected);
                }

                var body = await ResponseBody.ReadAsync(answer.Content, options.MaxBodyBytes, linked.Token);
                if (body is null)
                {
                    var tooLarge = $"Prometheus at {BaseUrl} answered more than {Size(options.MaxBodyBytes)} for one query; not read further";
                    recorder?.Save(request, (int)answer.StatusCode, null, tooLarge);
                    return MetricResponse.Down(tooLarge);
                }
                if (IsRetryable(answer.StatusCode))
                {
                    reason = PrometheusResponse.Parse(answer.StatusCode, body, request.Query).Unavailable ?? $"HTTP {(int)answer.StatusCode}";
                    if (RetryAfter(answer) is { } asked)
                    {
                        // Asked to wait: the next attempt waits at least that long, unless it would end past the budget.
                        var limit = Left() ?? options.Timeout;
                        if (asked > limit)
                        {
                            var given = $"Prometheus at {BaseUrl} answered HTTP {(int)answer.StatusCode} with Retry-After {PromDuration.Format(asked)}, longer than {(Left() is null ? $"its query timeout of {PromDuration.Format(options.Timeout)}" : $"the {PromDuration.Format(TimeSpan.FromSeconds(Math.Max(0, Math.Floor(limit.TotalSeconds))))} left of {BudgetWords}")}, so it was not asked again: {reason} (after {attempts} attempt{(attempts == 1 ? "" : "s")})";
                            recorder?.Save(request, 0, null, given);
                            return MetricResponse.Down(given);
                        }

                        retryAfter = asked;
                    }

                    continue;
                }

                var parsed = PrometheusResponse.Parse(answer.StatusCode, body, request.Query);
                recorder?.Save(request, (int)answer.StatusCode, body, parsed);
                return !parsed.Refused ? parsed
                    : answer.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && Sent() is { } sent
                        ? MetricResponse.Refusal($"Prometheus at {BaseUrl} {PrometheusResponse.CredentialsRefused(answer.StatusCode, body, sent, _url.Authorization is null)}")
                        : MetricResponse.Refusal($"Prometheus at {BaseUrl} {parsed.Unavailable}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                reason = $"cannot reach Prometheus at {BaseUrl}: {TransportFailure.Describe(e, _url.Address)}";
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && (timeout.IsCancellationRequested || e.InnerException is TimeoutException))
            {
                // Ours, or the HttpClient's own (a TimeoutException inside) when it is the shorter.
                if (timeout.IsCancellationRequested && wait < options.Timeout)
                {
                    reason = $"Prometheus at {BaseUrl} did not answer before {BudgetWords} ran out";
                    (spent, cutShort) = (true, true);
                    break;
                }

                var waited = timeout.IsCancellationRequested ? options.Timeout : http.Timeout;
                reason = $"Prometheus at {BaseUrl} did not answer within {PromDuration.Format(waited)}";
            }
        }

        var tried = $"after {attempts} attempt{(attempts == 1 ? "" : "s")}";
        var down = !spent ? $"{reason} ({tried})"
            : attempts == 0 ? $"Prometheus at {BaseUrl} was not asked: {BudgetWords} had run out"
            : cutShort ? $"{reason} ({tried})"
            : $"{reason} ({tried}; {BudgetWords} ran out before another)";
        recorder?.Save(request, 0, null, down);
        return MetricResponse.Down(down) with { BudgetSpent = spent };
    }

    /// <summary>
    /// The wait a 429 or 503 asks for in <c>Retry-After</c> (seconds, or an HTTP date on the injected clock), rounded up
    /// to a whole second; null without one.
    /// </summary>
    private TimeSpan? RetryAfter(HttpResponseMessage answer)
    {
        if (answer.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || answer.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var wait = header.Delta ?? (header.Date is { } date ? date - clock.GetUtcNow() : null);
        return wait is { } w ? TimeSpan.FromSeconds(Math.Max(0, Math.Ceiling(w.TotalSeconds))) : null;
    }

    /// <summary>What is left of the budget now, on the injected clock; null without one.</summary>
    private TimeSpan? Left() => _deadline is { } end ? end - clock.GetUtcNow() : null;

    private string BudgetWords => $"the answer budget of {PromDuration.Format(options.Budget ?? TimeSpan.Zero)}";

    /// <summary>
    /// A redirect the client followed as a GET (301, 302, 303: the query's form is dropped, so Prometheus would answer
    /// "no expression found") or did not follow at all (another scheme, a client that follows none): the URL to use
    /// instead, in words. A 307 or 308 that kept the POST is fine.
    /// </summary>
    private string? Redirect(HttpResponseMessage answer, Uri url)
    {
        var final = answer.RequestMessage?.RequestUri;
        var to = (int)answer.StatusCode is >= 300 and < 400 ? answer.Headers.Location is { } location ? new Uri(final ?? url, location) : null
            : final is not null && final != url && answer.RequestMessage!.Method != HttpMethod.Post ? final
            : null;
        if (to is null && (int)answer.StatusCode is < 300 or >= 400)
        {
            return null;
        }

        var where = to is null ? "elsewhere" : "to " + PrometheusUrl.Redact(to);
        return $"Prometheus at {BaseUrl} redirects {url.AbsolutePath} {where}, which drops the query (a login page, or a path prefix it adds): give the URL Prometheus answers at without a redirect";
    }

    /// <summary>The credentials this source sends, as a refusal names them; null when it sends none.</summary>
    private string? Sent() =>
        _url.Authorization is not null ? "the user and password in the URL"
        : options.BearerToken is not null ? options.TokenSource
        : null;

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.InternalServerError;

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";

    internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
