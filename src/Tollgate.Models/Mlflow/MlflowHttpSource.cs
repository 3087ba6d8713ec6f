using System.Net;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// MLflow's REST API 2.0 over HTTP (https://mlflow.org/docs/latest/api_reference/rest-api.html). An error answer
/// (<c>{"error_code", "message"}</c>), a timeout, a refused connection or an answer that is no text
/// (<see cref="IllFormedText"/>) is an input error naming the endpoint (credentials in the URL redacted), never an
/// empty registry.
/// </summary>
public sealed class MlflowHttpSource(HttpClient http, Uri baseUrl, TimeSpan timeout) : IMlflowSource
{
    public async Task<JsonDocument> GetAsync(string endpoint, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var q = string.Join("&", query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        var url = new Uri(baseUrl, "api/2.0/mlflow/" + endpoint + (q.Length > 0 ? "?" + q : ""));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(url, limit.Token);
            var body = await response.Content.ReadAsByteArrayAsync(limit.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidInputException($"{At(endpoint)}: {Refusal(response.StatusCode, url, body)}");
            }

            var document = JsonDocument.Parse(body);
            if (IllFormedText.Locate(body) is { } illFormed)
            {
                // Checked here, where the endpoint is known: the reader decodes its strings far from the answer.
                document.Dispose();
                throw new InvalidInputException($"{At(endpoint)}: the answer is {illFormed}");
            }

            return document;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidInputException($"{At(endpoint)}: no answer within {timeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"MLflow at {Server} is unreachable: {Canary.Sources.TransportFailure.Describe(e, baseUrl)}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{At(endpoint)}: the answer is not JSON ({JsonProblem.Describe(e)}): is {Canary.Sources.PrometheusUrl.Redact(baseUrl)} an MLflow tracking server?", e);
        }
    }

    /// <summary>
    /// The server as messages, the import's report and the ledger name it: scheme, host and port, a user and password in
    /// the URL as <c>***</c> (<c>https://***@mlflow.example</c>).
    /// </summary>
    public string Server => Canary.Sources.PrometheusUrl.RedactText(baseUrl.GetLeftPart(UriPartial.Authority));

    private string At(string endpoint) => $"MLflow {endpoint} at {Server}";

    /// <summary>
    /// What an answer other than 200 says: an MLflow error names itself (<c>{"error_code", "message"}</c>, both strings);
    /// one whose text is no Unicode text (<see cref="IllFormedText"/>) is said to be so, and where; anything else (JSON of
    /// another shape included) is likely not MLflow's API at all.
    /// </summary>
    private string Refusal(HttpStatusCode status, Uri url, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String)
            {
                return $"{code.GetString()}: {(root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "")}";
            }
        }
        catch (JsonException)
        {
        }
        catch (Exception e) when (IllFormedText.Of(e) is { } problem)
        {
            return $"HTTP {(int)status} for {url.AbsolutePath}, with an answer that is {IllFormedText.Locate(body, problem)}";
        }

        return $"HTTP {(int)status} for {url.AbsolutePath}, without an MLflow error: is {Canary.Sources.PrometheusUrl.Redact(baseUrl)} an MLflow tracking server?";
    }
}
