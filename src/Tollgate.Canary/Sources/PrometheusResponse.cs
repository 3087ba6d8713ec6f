using System.Globalization;
using System.Net;
using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Canary.Sources;

/// <summary>
/// Reads the Prometheus HTTP API envelope (https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview):
/// <c>status</c>, <c>data.resultType</c> (vector, matrix, scalar), values as strings ("NaN", "+Inf" included),
/// <c>errorType</c>/<c>error</c> on failure, <c>warnings</c> and <c>infos</c> on success.
/// </summary>
public static class PrometheusResponse
{
    /// <summary>
    /// Turns one HTTP answer into a response. A rejected query (400 <c>bad_data</c>) is the spec's fault and throws
    /// <see cref="InvalidInputException"/> with Prometheus' own message; everything else that is not success is
    /// <see cref="MetricResponse.Unavailable"/>.
    /// </summary>
    public static MetricResponse Parse(HttpStatusCode status, string body, string query)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return MetricResponse.Down($"HTTP {(int)status} with a body that is not Prometheus JSON: {Excerpt(body)}");
        }

        using (document)
        {
            var root = document.RootElement;
            var ok = root.TryGetProperty("status", out var s) && s.GetString() == "success";
            if (!ok)
            {
                var errorType = root.TryGetProperty("errorType", out var t) ? t.GetString() : "unknown";
                var error = root.TryGetProperty("error", out var e) ? e.GetString() : Excerpt(body);
                if (status == HttpStatusCode.BadRequest && errorType == "bad_data")
                {
                    throw new InvalidInputException($"Prometheus rejected the query {Excerpt(query)}: {errorType}: {error}");
                }

                return MetricResponse.Down($"Prometheus answered HTTP {(int)status} {errorType}: {error}");
            }

            if (!root.TryGetProperty("data", out var data))
            {
                return MetricResponse.Down("Prometheus answered success without data");
            }

            try
            {
                return new MetricResponse(ReadResult(data)) { Warnings = ReadWarnings(root) };
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
            {
                // A value of the wrong type (a number where Prometheus writes a string, an object for a pair, …).
                return MetricResponse.Down($"Prometheus answered success with a result that is not the Prometheus format ({e.GetType().Name}): {Excerpt(body)}");
            }
        }
    }

    private static List<MetricSeries> ReadResult(JsonElement data)
    {
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        var series = new List<MetricSeries>();
        if (type == "scalar")
        {
            series.Add(new MetricSeries(new Dictionary<string, string>(), [Point(result)]));
            return series;
        }

        foreach (var item in result.EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (item.TryGetProperty("metric", out var metric))
            {
                foreach (var label in metric.EnumerateObject())
                {
                    labels[label.Name] = label.Value.GetString() ?? "";
                }
            }

            var points = new List<MetricPoint>();
            if (item.TryGetProperty("values", out var values))
            {
                points.AddRange(values.EnumerateArray().Select(Point));
            }
            else if (item.TryGetProperty("value", out var value))
            {
                points.Add(Point(value));
            }

            series.Add(new MetricSeries(labels, points));
        }

        return series;
    }

    private static MetricPoint Point(JsonElement pair) =>
        new(pair[0].GetDouble(), ParseValue(pair[1].GetString() ?? "NaN"));

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static List<string> ReadWarnings(JsonElement root)
    {
        var warnings = new List<string>();
        foreach (var key in (string[])["warnings", "infos"])
        {
            if (root.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                warnings.AddRange(list.EnumerateArray().Select(w => w.GetString() ?? ""));
            }
        }

        return warnings;
    }

    internal static string Excerpt(string text) => text.Length <= 200 ? text.ReplaceLineEndings(" ") : text[..200].ReplaceLineEndings(" ") + "…";
}
