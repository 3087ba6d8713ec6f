using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// An MLflow registry exported to one JSON file in the REST API's shapes, for machines that cannot reach the server:
/// <c>{"registered_models": [RegisteredModel…], "model_versions": [ModelVersion…], "runs": [Run…]}</c>. It answers
/// the same calls as a server, in one page. A string in it that is no text (<see cref="IllFormedText"/>) is an input
/// error naming the file and where.
/// </summary>
public sealed class MlflowExportSource : IMlflowSource
{
    private readonly JsonDocument _export;

    public MlflowExportSource(string path, string shown)
    {
        var bytes = Domain.Inputs.InputFile.ReadBytes(path, shown, 256L << 20);
        try
        {
            _export = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{shown}: not JSON ({JsonProblem.Describe(e)})", e);
        }

        if (IllFormedText.Locate(bytes) is { } illFormed)
        {
            // Checked here, where the file is known: the reader decodes its strings far from the export.
            _export.Dispose();
            throw new InvalidInputException($"{shown}: {illFormed}");
        }

        if (_export.RootElement.ValueKind != JsonValueKind.Object || !_export.RootElement.TryGetProperty("registered_models", out _))
        {
            throw new InvalidInputException($"{shown}: not an MLflow export (no registered_models)");
        }
    }

    public Task<JsonDocument> GetAsync(string endpoint, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var root = _export.RootElement;
        var filter = query.FirstOrDefault(kv => kv.Key == "filter").Value;
        var name = filter is null ? null : filter[(filter.IndexOf('\'', StringComparison.Ordinal) + 1)..filter.LastIndexOf('\'')];
        var json = endpoint switch
        {
            "registered-models/search" => Wrap("registered_models", Items(root, "registered_models").Where(m => name is null || Text(m, "name") == name)),
            "model-versions/search" => Wrap("model_versions", Items(root, "model_versions").Where(v => name is null || Text(v, "name") == name)),
            "runs/get" => Items(root, "runs").FirstOrDefault(r => r.TryGetProperty("info", out var info) && Text(info, "run_id") == query.First(kv => kv.Key == "run_id").Value) is { ValueKind: JsonValueKind.Object } run
                ? "{\"run\":" + run.GetRawText() + "}"
                : throw new InvalidInputException($"MLflow export: no run {query.First(kv => kv.Key == "run_id").Value} (RESOURCE_DOES_NOT_EXIST)"),
            _ => throw new InvalidInputException($"MLflow export cannot answer {endpoint}"),
        };
        return Task.FromResult(JsonDocument.Parse(json));
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Wrap(string name, IEnumerable<JsonElement> items) => $"{{\"{name}\":[{string.Join(",", items.Select(i => i.GetRawText()))}]}}";
}
