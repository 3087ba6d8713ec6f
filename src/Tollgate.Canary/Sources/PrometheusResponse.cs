using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Canary.Sources;

/// <summary>
/// Reads the Prometheus HTTP API envelope (https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview):
/// <c>status</c>, <c>data.resultType</c> (vector, matrix, scalar), values as strings ("NaN", "+Inf" included),
/// <c>errorType</c>/<c>error</c> on failure, <c>warnings</c> and <c>infos</c> on success. Every shape is checked
/// before it is read: an answer that is not this format is an unavailable source naming the JSON path, never an
/// exception.
/// </summary>
public static class PrometheusResponse
{
    private const string NotTheFormat = "Prometheus answered success with a result that is not the Prometheus format";

    /// <summary>
    /// Turns one HTTP answer into a response. A rejected query (400 <c>bad_data</c>) is the spec's fault and throws
    /// <see cref="InvalidInputException"/> with Prometheus' own message; everything else that is not success is
    /// <see cref="MetricResponse.Unavailable"/>.
    /// </summary>
    public static MetricResponse Parse(HttpStatusCode status, string body, string query) => Parse(status, body, null, query);

    /// <summary>
    /// As <see cref="Parse(HttpStatusCode, string, string)"/>, for an answer as it came, in bytes: JSON whose bytes are
    /// not UTF-8 (JSON's encoding, RFC 8259) is an answer in no format, named by line and column, where read as text it
    /// held U+FFFD for each such byte (a label or a value changed without a word).
    /// </summary>
    public static MetricResponse Parse(HttpStatusCode status, byte[] body, string query) =>
        Parse(status, Encoding.UTF8.GetString(body), Utf8.IsValid(body) ? null : body, query);

    private static MetricResponse Parse(HttpStatusCode status, string body, byte[]? notUtf8, string query)
    {
        if (Refusal(status, body) is { } refused)
        {
            return MetricResponse.Refusal(refused);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return MetricResponse.Down(string.IsNullOrWhiteSpace(body)
                ? $"HTTP {(int)status} with an empty body, not Prometheus JSON"
                : $"HTTP {(int)status} with a body that is not Prometheus JSON: {Excerpt(body)}");
        }

        using (document)
        {
            if (notUtf8 is not null)
            {
                return NotText(status, IllFormedText.Locate(notUtf8, IllFormedText.InvalidUtf8));
            }

            try
            {
                return Read(document.RootElement, status, body, query);
            }
            catch (Exception e) when (IllFormedText.Of(e) is { } problem)
            {
                // A label, a value or a message escaping half a surrogate pair alone: an answer in no format, as any other.
                return NotText(status, IllFormedText.Locate(Encoding.UTF8.GetBytes(body), problem));
            }
        }
    }

    /// <summary>An answer that is no text, in the words every reader uses (<see cref="IllFormedText"/>): where, never what.</summary>
    private static MetricResponse NotText(HttpStatusCode status, string? words) =>
        MetricResponse.Down($"HTTP {(int)status} with a body that is {words}");

    private static MetricResponse Read(JsonElement root, HttpStatusCode status, string body, string query)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return MetricResponse.Down($"HTTP {(int)status} with a body that is not a Prometheus envelope ({JsonKind.Of(root)}, not a JSON object): {Excerpt(body)}");
        }

        if (Text(root, "status") != "success")
        {
            var errorType = Text(root, "errorType") ?? "unknown";
            var error = Text(root, "error") ?? Excerpt(body);
            if (status == HttpStatusCode.BadRequest && errorType == "bad_data")
            {
                throw new InvalidInputException($"Prometheus rejected the query {Excerpt(query)}: {errorType}: {error}") { QueryRejected = true };
            }

            return MetricResponse.Down($"Prometheus answered HTTP {(int)status} {errorType}: {error}");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return MetricResponse.Down("Prometheus answered success without data");
        }

        var series = new List<MetricSeries>();
        var problem = ReadResult(data, series);
        return problem is null ? new MetricResponse(series) { Warnings = ReadWarnings(root, "warnings"), Infos = ReadWarnings(root, "infos") } : MetricResponse.Down($"{NotTheFormat}: {problem}");
    }

    /// <summary>Fills <paramref name="series"/>; returns what is wrong with the answer, or null.</summary>
    private static string? ReadResult(JsonElement data, List<MetricSeries> series)
    {
        var type = Text(data, "resultType");
        if (!data.TryGetProperty("result", out var result))
        {
            return "data.result is missing";
        }

        if (type == "scalar")
        {
            var problem = ReadPoint(result, "data.result", out var point);
            series.Add(new MetricSeries(new Dictionary<string, string>(), [point]));
            return problem;
        }

        if (type is not ("vector" or "matrix"))
        {
            return type is null ? "data.resultType is missing" : $"data.resultType {Excerpt(type)} is not vector, matrix or scalar";
        }

        if (result.ValueKind != JsonValueKind.Array)
        {
            return $"data.result is {JsonKind.Of(result)}, not an array";
        }

        var index = 0;
        foreach (var item in result.EnumerateArray())
        {
            var path = $"data.result[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return $"{path} is {JsonKind.Of(item)}, not an object";
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var points = new List<MetricPoint>();
            var problem = ReadLabels(item, path, labels) ?? ReadPoints(item, path, points);
            if (problem is not null)
            {
                return problem;
            }

            series.Add(new MetricSeries(labels, points));
        }

        return null;
    }

    private static string? ReadLabels(JsonElement item, string path, Dictionary<string, string> labels)
    {
        if (!item.TryGetProperty("metric", out var metric))
        {
            return null;
        }

        if (metric.ValueKind != JsonValueKind.Object)
        {
            return $"{path}.metric is {JsonKind.Of(metric)}, not an object";
        }

        foreach (var label in metric.EnumerateObject())
        {
            if (label.Value.ValueKind != JsonValueKind.String)
            {
                return $"{path}.metric.{Excerpt(label.Name)} is {JsonKind.Of(label.Value)}, not a string";
            }

            labels[label.Name] = label.Value.GetString()!;
        }

        return null;
    }

    private static string? ReadPoints(JsonElement item, string path, List<MetricPoint> points)
    {
        if (item.TryGetProperty("values", out var values))
        {
            if (values.ValueKind != JsonValueKind.Array)
            {
                return $"{path}.values is {JsonKind.Of(values)}, not an array";
            }

            var index = 0;
            foreach (var pair in values.EnumerateArray())
            {
                var problem = ReadPoint(pair, $"{path}.values[{index++}]", out var point);
                if (problem is not null)
                {
                    return problem;
                }

                points.Add(point);
            }

            return null;
        }

        if (item.TryGetProperty("value", out var value))
        {
            var problem = ReadPoint(value, $"{path}.value", out var point);
            points.Add(point);
            return problem;
        }

        return null;
    }

    /// <summary>One <c>[unix seconds, "value"]</c> pair.</summary>
    private static string? ReadPoint(JsonElement pair, string path, out MetricPoint point)
    {
        point = default;
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
        {
            return $"{path} is not a [time, \"value\"] pair";
        }

        if (pair[0].ValueKind != JsonValueKind.Number || !pair[0].TryGetDouble(out var time) || !double.IsFinite(time))
        {
            return $"{path}[0] is not a time in Unix seconds";
        }

        if (pair[1].ValueKind != JsonValueKind.String)
        {
            return $"{path}[1] is {JsonKind.Of(pair[1])}, not a string";
        }

        if (!TryParseValue(pair[1].GetString()!, out var value))
        {
            return $"{path}[1] {Excerpt(pair[1].GetString()!)} is not a number";
        }

        point = new MetricPoint(time, value);
        return null;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>What a 401, 403 or 404 means for the user: credentials, or the URL (Prometheus' API never answers 404).</summary>
    private static string? Refusal(HttpStatusCode status, string body) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            $"refused the request with HTTP {(int)status} ({Excerpt(body.Trim())}): the credentials are missing or wrong; give them in the URL (http://user:password@host/) or as a bearer token in TOLLGATE_PROMETHEUS_TOKEN",
        HttpStatusCode.NotFound =>
            $"answered HTTP 404 ({Excerpt(body.Trim())}): no Prometheus API under this URL; check its path prefix (Prometheus' --web.route-prefix, a proxy's path such as /prometheus)",
        _ => null,
    };

    /// <summary>
    /// A 401 or 403 to credentials that were sent: which ones were refused (<paramref name="sent"/>), rather than advice to
    /// give them in another way that would send the same ones.
    /// </summary>
    internal static string CredentialsRefused(HttpStatusCode status, byte[] body, string sent, bool token) =>
        $"refused {sent} with HTTP {(int)status} ({Excerpt(System.Text.Encoding.UTF8.GetString(body).Trim())}): "
        + (status, token) switch
        {
            (HttpStatusCode.Unauthorized, true) => "check that it is the right one and has not expired",
            (HttpStatusCode.Unauthorized, false) => "check that they are right",
            (_, true) => "it was accepted but may not read this Prometheus' API",
            _ => "they were accepted but may not read this Prometheus' API",
        };

    private static List<string> ReadWarnings(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        // Warnings are strings; anything else is kept as its JSON text rather than refused.
        return [.. items.EnumerateArray().Select(w => w.ValueKind == JsonValueKind.String ? w.GetString()! : Excerpt(w.GetRawText()))];
    }

    /// <summary>The string under <paramref name="name"/>, or null when absent or not a string.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static string Excerpt(string text) => text.Length <= 200 ? text.ReplaceLineEndings(" ") : text[..200].ReplaceLineEndings(" ") + "…";
}
