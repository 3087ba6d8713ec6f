using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Gates;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// <c>tollgate model import --mlflow URL|EXPORT [--name NAME]</c>: registered models (<c>registered-models/search</c>),
/// their versions (<c>model-versions/search</c>), aliases, and each version's run (<c>runs/get</c>: dataset inputs,
/// parameters, metrics, git commit), paged by <c>next_page_token</c>. New versions are registered with
/// <c>source: mlflow</c>; MLflow's dataset digests are kept as <c>mlflow:…</c> (MLflow hashes only the first 10,000
/// rows, so they are weaker than Tollgate's). Each import records what changed since the last one as events at
/// the import's time: a version whose stage moved, an alias that moved or vanished; from then on the history MLflow
/// does not keep is in the ledger. Everything is read and checked before anything is recorded, then recorded in one
/// transaction with the import's verdict, so a failed import (the verdict's write included) leaves the ledger as it was.
/// </summary>
public sealed class MlflowImport(IMlflowSource source, IModelRegistry registry)
{
    public const string Kind = "model-import";

    public async Task<Report> RunAsync(string shown, string? name, GateContext context)
    {
        var now = context.Clock.GetUtcNow();
        int models = 0, withoutLineage = 0;
        var versions = new List<ModelVersion>();
        var stages = new List<StageEvent>();
        var aliases = new List<AliasEvent>();
        var read = new List<string>();

        // Everything is read and checked first; a missing run or a malformed answer (exit 3) records nothing.
        var filter = name is null ? [] : new List<KeyValuePair<string, string>> { new("filter", $"name='{name.Replace("'", "''", StringComparison.Ordinal)}'") };
        foreach (var model in await PagesAsync("registered-models/search", "registered_models", [.. filter, new("max_results", "1000")], context.Cancellation))
        {
            var modelName = Text(model, "name") ?? throw new InvalidInputException("MLflow registered-models/search: a model without a name");
            models++;
            var known = await registry.StagesAsync(modelName, context.Cancellation);
            foreach (var v in await PagesAsync("model-versions/search", "model_versions", [new("filter", $"name='{modelName.Replace("'", "''", StringComparison.Ordinal)}'"), new("max_results", "1000")], context.Cancellation))
            {
                var version = await VersionAsync(modelName, v, context.Cancellation);
                withoutLineage += version.Datasets.Count == 0 ? 1 : 0;
                versions.Add(version);
                read.Add(Describe(version, Text(v, "current_stage")));
                if (Stage(Text(v, "current_stage")) is { } stage && known.LastOrDefault(e => e.Version == version.Version)?.Stage != stage)
                {
                    stages.Add(new StageEvent(modelName, version.Version, stage, now) { Actor = "mlflow", Reason = $"MLflow stage {Text(v, "current_stage")} observed by import" });
                }
            }

            var current = CurrentAliases(model);
            read.AddRange(current.Select(kv => $"alias {modelName} {kv.Key} {kv.Value}"));
            aliases.AddRange(await AliasMovesAsync(modelName, current, now, context.Cancellation));
        }

        // The verdict is recorded in the same transaction as the rows: an import is in the ledger with its verdict or not at all.
        var digest = ReportDigest.Of([Kind, $"source {shown}", $"name {name ?? "(all)"}", .. read.Order(StringComparer.Ordinal)]);
        return await registry.RecordAllAsync("an import", versions, stages, aliases, added => new Report(Kind, shown, digest, Verdict.Pass, [new("models", models), new("versions", added), new("stages", stages.Count), new("aliases", aliases.Count), new("withoutLineage", withoutLineage)], [])
        {
            Reason = $"imported {Counted.Of(models, "model")} from MLflow ({shown}): {Counted.Of(added, "new version")}, {Counted.Of(stages.Count, "stage change")}, {Counted.Of(aliases.Count, "alias move")}"
                + (withoutLineage > 0 ? $"; {Counted.Of(withoutLineage, "version")} {(withoutLineage == 1 ? "has" : "have")} no dataset inputs on their run (promote will refuse them: lineage-missing)" : ""),
        }, context.Cancellation);
    }

    /// <summary>A version as MLflow answered it, one line of the import's digest.</summary>
    private static string Describe(ModelVersion v, string? stage) =>
        $"version {v.Id} {v.ArtifactDigest} run {v.RunId} stage {stage} commit {v.CodeCommit} datasets {string.Join(",", v.Datasets.Select(d => $"{d.Digest}={d.Path}").Order(StringComparer.Ordinal))} params {v.Params} metrics {v.Metrics}";

    private async Task<ModelVersion> VersionAsync(string name, JsonElement v, CancellationToken cancellationToken)
    {
        var number = Text(v, "version") ?? throw new InvalidInputException($"MLflow model-versions/search: a version of {name} without a version number");
        var runId = Text(v, "run_id") is { Length: > 0 } r ? r : null;
        var version = new ModelVersion(name, number, "uri:" + (Text(v, "source") ?? ""), Millis(v, "creation_timestamp"))
        {
            ArtifactPath = Text(v, "source"),
            RunId = runId,
            Source = "mlflow",
        };
        if (runId is null)
        {
            return version;
        }

        using var answer = await source.GetAsync("runs/get", [new("run_id", runId)], cancellationToken);
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

    /// <summary>The alias moves since the last import: an alias that is new or points elsewhere, or that MLflow no longer has.</summary>
    private async Task<List<AliasEvent>> AliasMovesAsync(string name, SortedDictionary<string, string> current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var known = (await registry.AliasesAsync(name, cancellationToken)).GroupBy(a => a.Alias).ToDictionary(g => g.Key, g => g.Last().Version, StringComparer.Ordinal);
        return current.Where(kv => !known.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => new AliasEvent(name, kv.Key, kv.Value, now) { Source = "mlflow" })
            .Concat(known.Where(kv => kv.Value is not null && !current.ContainsKey(kv.Key)).Select(kv => new AliasEvent(name, kv.Key, null, now) { Source = "mlflow" }))
            .ToList();
    }

    private async Task<List<JsonElement>> PagesAsync(string endpoint, string field, List<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? token = null;
        for (var page = 0; page < 10_000; page++)
        {
            using var answer = await source.GetAsync(endpoint, token is null ? query : [.. query, new("page_token", token)], cancellationToken);
            if (answer.RootElement.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(list.EnumerateArray().Select(e => e.Clone()));
            }

            token = Text(answer.RootElement, "next_page_token");
            if (string.IsNullOrEmpty(token))
            {
                return items;
            }
        }

        throw new InvalidInputException($"MLflow {endpoint}: more than 10,000 pages; narrow it with --name");
    }

    /// <summary>MLflow's deprecated stages in Tollgate's words; <c>None</c> is no stage.</summary>
    private static string? Stage(string? mlflow) => mlflow switch
    {
        "Production" => ModelStages.Production,
        "Staging" => ModelStages.Canary,
        "Archived" => ModelStages.Retired,
        _ => null,
    };

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

    private static DateTimeOffset Millis(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.Number ? v.TryGetInt64(out var n) : long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
            ? DateTimeOffset.FromUnixTimeMilliseconds(n)
            : DateTimeOffset.UnixEpoch;

    private static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
