using System.Net;
using System.Text.Json;
using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// MLflow's REST API 2.0 over HTTP (https://mlflow.org/docs/latest/api_reference/rest-api.html). An error answer
/// (<c>{"error_code", "message"}</c>), a timeout, a refused connection or an answer that is no text
/// (<see cref="IllFormedText"/>) is an input error naming the endpoint (credentials in the URL redacted), never an
/// empty registry. Every request carries the <see cref="MlflowCredential"/>: the URL's user and password as Basic
/// (percent-decoded, <see cref="PrometheusUrl"/>), else the one given; a 401 or 403 says what was sent, never the secret.
/// A redirect the client follows is asked without it (.NET's <see cref="HttpClient"/> drops <c>Authorization</c> on
/// every redirect, so credentials never go to another host), and a refusal after one says so. A TLS failure
/// (<see cref="MlflowTls"/>) says which certificate failed and which of MLflow's variables fixes it.
/// </summary>
public sealed class MlflowHttpSource : IMlflowSource
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly PrometheusUrl _url;
    private readonly TimeSpan _timeout;
    private readonly MlflowCredential _credential;
    private readonly MlflowTls? _tls;

    /// <summary>
    /// Reads MLflow at <paramref name="baseUrl"/>, authenticating with its user and password when it has them, else with
    /// <paramref name="credential"/> (default: none). Both is a caller's mistake (the CLI refuses it first, in words);
    /// a URL with a user and no password is an input error. <paramref name="tls"/> is what <paramref name="http"/>'s
    /// handler was made from (<see cref="MlflowTls.Handler"/>), so that a certificate failure is worded.
    /// </summary>
    public MlflowHttpSource(HttpClient http, Uri baseUrl, TimeSpan timeout, MlflowCredential? credential = null, MlflowTls? tls = null)
    {
        (_http, _baseUrl, _url, _timeout, _tls) = (http, baseUrl, new PrometheusUrl(baseUrl), timeout, tls);
        if (_url.Authorization is null)
        {
            _credential = credential ?? MlflowCredential.None;
            return;
        }

        if (credential is not null && credential != MlflowCredential.None)
        {
            throw new ArgumentException("credentials in the URL and a credential besides: give one", nameof(credential));
        }

        _credential = MlflowCredential.FromUrl(baseUrl, Server)
            ?? throw new InvalidInputException($"MLflow at {Server}: the URL names a user without a password; write user:password@ (percent-encoded), or use {MlflowCredential.TokenVariable} for a token");
    }

    /// <summary>How many times a transient refusal (429, 502, 503, 504) is asked again before it is an error.</summary>
    public const int Retries = 3;

    /// <summary>The wait before the first retry, doubled before each next one (1, 2, 4 s), unless the answer's <c>Retry-After</c> asks for another (up to <see cref="MaxWait"/>).</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait a <c>Retry-After</c> is honoured for; one asking longer is waited this long.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>How a wait is waited (tests record it instead).</summary>
    public Func<TimeSpan, CancellationToken, Task> Pause { get; init; } = Task.Delay;

    /// <summary>
    /// One GET, asked again up to <see cref="Retries"/> times when MLflow (or a proxy before it) answers 429, 502, 503
    /// or 504, as MLflow's own client does (<c>MLFLOW_HTTP_REQUEST_MAX_RETRIES</c>, with back-off): waiting
    /// <c>Retry-After</c> when the answer gives one, else <see cref="Backoff"/> doubled each time. Still refused after the
    /// last, the error names the status and how many tries were made.
    /// </summary>
    public async Task<JsonDocument> GetAsync(string endpoint, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var q = string.Join("&", query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        var url = new Uri(_url.Address, "api/2.0/mlflow/" + endpoint + (q.Length > 0 ? "?" + q : ""));
        for (var attempt = 0; ; attempt++)
        {
            var (document, retryAfter) = await AskAsync(endpoint, url, attempt, cancellationToken);
            if (document is not null)
            {
                return document;
            }

            var wait = retryAfter ?? Backoff * (1 << attempt);
            await Pause(wait > MaxWait ? MaxWait : wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancellationToken);
        }
    }

    private static bool Transient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The answer, or (null, Retry-After) for a transient refusal that is to be asked again.</summary>
    private async Task<(JsonDocument? Document, TimeSpan? RetryAfter)> AskAsync(string endpoint, Uri url, int attempt, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = _credential.Header;
            using var response = await _http.SendAsync(request, limit.Token);
            var body = await response.Content.ReadAsByteArrayAsync(limit.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new InvalidInputException($"{At(endpoint)}: {Unauthenticated(response, url, body)}");
            }

            if (Transient(response.StatusCode) && attempt < Retries)
            {
                return (null, RetryAfter(response));
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                var tries = Transient(response.StatusCode) ? $" (asked {attempt + 1} times over back-off; a transient refusal: run the import again later)" : "";
                throw new InvalidInputException($"{At(endpoint)}: {Refusal(response.StatusCode, url, body)}{tries}");
            }

            var document = JsonDocument.Parse(body);
            if (IllFormedText.Locate(body) is { } illFormed)
            {
                // Checked here, where the endpoint is known: the reader decodes its strings far from the answer.
                document.Dispose();
                throw new InvalidInputException($"{At(endpoint)}: the answer is {illFormed}");
            }

            return (document, null);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidInputException($"{At(endpoint)}: no answer within {_timeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e) when (_tls?.Explain(e) is { } tls)
        {
            throw new InvalidInputException($"MLflow at {Server}: {tls}", e);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"MLflow at {Server} is unreachable: {TransportFailure.Describe(e, _url.Address)}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{At(endpoint)}: the answer is not JSON ({JsonProblem.Describe(e)}): is {PrometheusUrl.Redact(_baseUrl)} an MLflow tracking server?", e);
        }
    }

    /// <summary>What <c>Retry-After</c> asks (seconds, or a date from now), or null when the answer gives none.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when response.Headers.Date is { } now => date - now,
        _ => null,
    };

    /// <summary>
    /// The server as messages, the import's report and the ledger name it: scheme, host and port, a user and password in
    /// the URL as <c>***</c> (<c>https://***@mlflow.example</c>).
    /// </summary>
    public string Server => PrometheusUrl.RedactText(_baseUrl.GetLeftPart(UriPartial.Authority));

    private string At(string endpoint) => $"MLflow {endpoint} at {Server}";

    /// <summary>
    /// What an answer other than 200 (and 401 or 403) says: an MLflow error names itself (<c>{"error_code", "message"}</c>,
    /// both strings; the secret hidden should a proxy or the server echo it); one whose text is no Unicode text
    /// (<see cref="IllFormedText"/>) is said to be so, and where; anything else (JSON of another shape included) is
    /// likely not MLflow's API at all.
    /// </summary>
    private string Refusal(HttpStatusCode status, Uri url, byte[] body) => ErrorAnswer.Of(body) switch
    {
        { Code: not null } error => $"HTTP {(int)status} {Said(error.Words!)}",
        { IllFormed: { } problem } => $"HTTP {(int)status} for {url.AbsolutePath}, with an answer that is {IllFormedText.Locate(body, problem)}",
        _ => $"HTTP {(int)status} for {url.AbsolutePath}, without an MLflow error: is {PrometheusUrl.Redact(_baseUrl)} an MLflow tracking server?",
    };

    /// <summary>A server's own words for a terminal line: the credential's secret as <c>***</c>, control characters escaped.</summary>
    private string Said(string words) => TextSafe.Line(_credential.Hide(words));

    /// <summary>
    /// What a 401 or 403 says: authentication refused, the server's own words when it gave them as JSON (an MLflow error,
    /// or MLflow's basic-auth app's <c>{"message"}</c>; the secret hidden should it echo it), and what was sent: where the
    /// credentials came from, or how to give some. A refusal at another address than asked is a redirect, which the
    /// credentials do not follow.
    /// </summary>
    private string Unauthenticated(HttpResponseMessage response, Uri url, byte[] body)
    {
        var status = (int)response.StatusCode;
        var said = ErrorAnswer.Of(body).Words is { } words ? ": " + Said(words) : "";
        var refused = response.StatusCode == HttpStatusCode.Unauthorized
            ? $"authentication refused (HTTP {status}{said})"
            : $"authentication or permission refused (HTTP {status}{said})";
        if (_credential.Header is null)
        {
            return $"{refused}; sent {_credential.Sent}";
        }

        if (response.RequestMessage?.RequestUri is { } final && final != url)
        {
            return $"{refused} at {PrometheusUrl.Redact(new Uri(final.GetLeftPart(UriPartial.Path)))}, where {url.AbsolutePath} redirects; sent {_credential.Sent} to {Server} only, as credentials do not follow a redirect: give the URL MLflow answers at without one";
        }

        return response.StatusCode == HttpStatusCode.Unauthorized
            ? $"{refused}; sent {_credential.Sent}, which it does not accept"
            : $"{refused}; sent {_credential.Sent}, which it does not accept or whose user may not read the registry";
    }
}
