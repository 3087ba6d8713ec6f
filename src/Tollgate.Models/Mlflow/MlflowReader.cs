using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Mlflow;

/// <summary>One registered model as MLflow answered: its versions (with MLflow's stage) and its current aliases.</summary>
public sealed record MlflowModel(string Name, IReadOnlyList<(ModelVersion Version, string? Stage)> Versions, IReadOnlyDictionary<string, string> Aliases);

/// <summary>
/// Reads MLflow's registry (<c>registered-models/search</c>, <c>model-versions/search</c>, each version's
/// <c>runs/get</c>, paged by <c>next_page_token</c>) into memory, checking it, before any ledger is opened: an MLflow
/// that cannot be reached or answers wrongly is exit 3 with nothing made or recorded.
/// </summary>
public sealed class MlflowReader(IMlflowSource source)
{
    public async Task<IReadOnlyList<MlflowModel>> ReadAsync(string? name, CancellationToken cancellationToken)
    {
        var models = new List<MlflowModel>();
        var filter = name is null ? [] : new List<KeyValuePair<string, string>> { new("filter", $"name='{name.Replace("'", "''", StringComparison.Ordinal)}'") };
        foreach (var model in await PagesAsync("registered-models/search", "registered_models", [.. filter, new("max_results", "1000")], cancellationToken))
        {
            var modelName = Text(model, "name") ?? throw new InvalidInputException("MLflow registered-models/search: a model without a name");
            if (ModelRef.Unrecordable(modelName) is { } why)
            {
                throw new InvalidInputException($"MLflow registered-models/search: model name '{TextSafe.Line(modelName)}' {why}: Tollgate names a model NAME@VERSION, so a name has no spaces, control characters or '@'; import the others with --name");
            }

            var versions = new List<(ModelVersion, string?)>();
            foreach (var v in await PagesAsync("model-versions/search", "model_versions", [new("filter", $"name='{modelName.Replace("'", "''", StringComparison.Ordinal)}'"), new("max_results", "1000")], cancellationToken))
            {
                versions.Add((await VersionAsync(modelName, v, cancellationToken), Text(v, "current_stage")));
            }

            var aliases = CurrentAliases(model);
            if (aliases.FirstOrDefault(a => !versions.Any(v => v.Item1.Version == a.Value)) is { Key: not null } dangling)
            {
                // MLflow refuses an alias to a version it does not hold (set_registered_model_alias), and drops a deleted
                // version's aliases: an answer that has one is malformed, and recording it would point the alias at nothing.
                throw new InvalidInputException($"MLflow registered-models/search{Where}: alias {TextSafe.Line(dangling.Key)} of {modelName} names version {TextSafe.Line(dangling.Value)}, which model-versions/search does not list ({Listed(versions)}): nothing recorded");
            }

            models.Add(new MlflowModel(modelName, versions, aliases));
        }

        return name is not null && models.Count == 0 ? throw await NotThereAsync(name, cancellationToken) : models;
    }

    /// <summary>
    /// <c>--name</c> that MLflow does not have, a typo or another server: refused, not "imported 0 models" as a pass.
    /// The nearest of the first 1,000 names is suggested (one more request, made only on this error).
    /// </summary>
    private async Task<InvalidInputException> NotThereAsync(string name, CancellationToken cancellationToken)
    {
        using var answer = await source.GetAsync("registered-models/search", [new("max_results", "1000")], cancellationToken);
        var names = answer.RootElement.TryGetProperty("registered_models", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(m => Text(m, "name")).OfType<string>().ToList()
            : [];
        var hint = names.Count == 0 ? "it has none"
            : Yaml.KeySuggestion.For(name, names) is { } near ? $"did you mean '{TextSafe.Line(near)}'?"
            : $"it has {string.Join(", ", names.Take(10).Select(n => $"'{TextSafe.Line(n)}'"))}{(names.Count > 10 || !string.IsNullOrEmpty(Text(answer.RootElement, "next_page_token")) ? ", …" : "")}";
        return new InvalidInputException($"MLflow has no registered model '{TextSafe.Line(name)}' ({hint}); give a name it has, or leave --name out to import every one");
    }

    private async Task<ModelVersion> VersionAsync(string name, JsonElement v, CancellationToken cancellationToken)
    {
        var number = Text(v, "version") ?? throw new InvalidInputException($"MLflow model-versions/search: a version of {name} without a version number");
        if (ModelRef.Unrecordable(number) is { } why)
        {
            throw new InvalidInputException($"MLflow model-versions/search: version '{TextSafe.Line(number)}' of {name} {why}: a version has no spaces, control characters or '@'");
        }

        var runId = Text(v, "run_id") is { Length: > 0 } r ? r : null;
        var version = new ModelVersion(name, number, "uri:" + (Text(v, "source") ?? ""), Millis(v, "creation_timestamp", $"{name}@{number}"))
        {
            ArtifactPath = Text(v, "source"),
            RunId = runId,
            Source = "mlflow",
        };
        if (runId is null)
        {
            return version;
        }

        using var answer = await RunAsync(version, runId, cancellationToken);
        if (!answer.RootElement.TryGetProperty("run", out var run))
        {
            return version;
        }

        var datasets = new List<DatasetInput>();
        if (run.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty("dataset_inputs", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var input in list.EnumerateArray())
            {
                if (input.TryGetProperty("dataset", out var dataset) && Text(dataset, "digest") is { Length: > 0 } digest)
                {
                    datasets.Add(new DatasetInput("mlflow:" + digest, Text(dataset, "source") is { Length: > 0 } s ? s : Text(dataset, "name") ?? digest) { Kind = "mlflow" });
                }
            }
        }

        var data = run.TryGetProperty("data", out var d) ? d : default;
        return version with
        {
            Datasets = datasets,
            Params = KeyValues(data, "params"),
            Metrics = KeyValues(data, "metrics"),
            CodeCommit = Tags(data).FirstOrDefault(t => t.Key == "mlflow.source.git.commit").Value,
        };
    }

    /// <summary>
    /// The run a version points at; one MLflow cannot give (a deleted and purged run, the server failing) is an error
    /// naming the version, saying nothing was recorded and how to import the other models past it.
    /// </summary>
    private async Task<JsonDocument> RunAsync(ModelVersion version, string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await source.GetAsync("runs/get", [new("run_id", runId)], cancellationToken);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{version.Id}'s run {TextSafe.Line(runId)}: {e.Message}; nothing recorded (an import records all it read or nothing): import the other models with --name NAME, or delete {version.Id} in MLflow if its run is gone for good", e);
        }
    }

    private static SortedDictionary<string, string> CurrentAliases(JsonElement model)
    {
        var current = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (model.TryGetProperty("aliases", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in list.EnumerateArray())
            {
                if (Text(a, "alias") is { } alias && Text(a, "version") is { } version)
                {
                    current[alias] = version;
                }
            }
        }

        return current;
    }

    private async Task<List<JsonElement>> PagesAsync(string endpoint, string field, List<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? token = null;
        var sent = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page < 10_000; page++)
        {
            using var answer = await source.GetAsync(endpoint, token is null ? query : [.. query, new("page_token", token)], cancellationToken);
            if (answer.RootElement.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(list.EnumerateArray().Select(e => e.Clone()));
            }

            var next = Text(answer.RootElement, "next_page_token");
            if (string.IsNullOrEmpty(next))
            {
                return items;
            }

            // A token already sent would be answered with a page already read, forever: the server is looping.
            if (!sent.Add(next))
            {
                throw new InvalidInputException($"MLflow {endpoint}{Where}: next_page_token '{TextSafe.Line(next.Length > 40 ? next[..40] + "…" : next)}' repeats {(next == token ? "the page just read" : "a page already read")}: the server is looping, so the list never ends; nothing recorded");
            }

            token = next;
        }

        throw new InvalidInputException($"MLflow {endpoint}{Where}: more than 10,000 pages; narrow it with --name");
    }

    /// <summary>Where the answers came from, for a message about what they said: <c> at http://host:port</c> for a server, nothing for an export (its errors name the file).</summary>
    private string Where => source is MlflowHttpSource server ? $" at {server.Server}" : "";

    private static string Listed(List<(ModelVersion Version, string? Stage)> versions) => versions.Count == 0 ? "it lists none"
        : $"it lists {string.Join(", ", versions.Take(5).Select(v => TextSafe.Line(v.Version.Version)))}{(versions.Count > 5 ? ", …" : "")}";

    private static string? KeyValues(JsonElement data, string field)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var kv in list.EnumerateArray().GroupBy(e => Text(e, "key") ?? "").Select(g => g.Last()))
            {
                var key = Text(kv, "key") ?? "";
                if (kv.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    json.WriteNumber(key, value.GetDouble());
                }
                else
                {
                    json.WriteString(key, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IEnumerable<KeyValuePair<string, string?>> Tags(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Select(t => new KeyValuePair<string, string?>(Text(t, "key") ?? "", Text(t, "value")))
            : [];

    /// <summary>
    /// A time in milliseconds since 1970, as MLflow writes it (a number, or its text; 0 is 1970 itself); absent or
    /// null, unknown (null), which <c>model lineage</c> shows as "registered date unknown". Any other value (a fraction,
    /// true, a time past year 9999 or before 1970) is a malformed answer naming the version.
    /// </summary>
    private static DateTimeOffset? Millis(JsonElement e, string name, string subject)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return (v.ValueKind switch
        {
            JsonValueKind.Number => v.TryGetInt64(out var n) ? n : (long?)null,
            JsonValueKind.String => long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
            _ => null,
        }) is { } millis and >= 0 and <= MaxMillis
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : throw new InvalidInputException($"MLflow model-versions/search: {subject} has {name} {Shown(v)}: expected whole milliseconds since 1970, up to year 9999");
    }

    /// <summary>The last millisecond of year 9999, the latest time a <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxMillis = 253402300799999;

    private static string Shown(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    private static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
