using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Registry;

/// <summary>
/// The registry's answers for people (text) and scripts (JSON): what trained a version (<c>lineage</c>), what a
/// dataset trained (<c>which</c>), which version served when (<c>live</c>).
/// </summary>
public static class LineageView
{
    public static string Text(IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages)
    {
        var text = new StringBuilder();
        foreach (var v in versions)
        {
            text.Append(CultureInfo.InvariantCulture, $"{v.Id}  {(v.RegisteredAt is { } at ? $"registered {Time(at)}" : "registered date unknown")} ({v.Source})\n");
            text.Append(CultureInfo.InvariantCulture, $"  artifact  {v.ArtifactDigest}{(v.ArtifactPath is null ? "" : "  " + v.ArtifactPath)}\n");
            if (v.CodeCommit is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  code      {v.CodeCommit}\n");
            }

            if (v.RunId is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  run       {v.RunId}\n");
            }

            // Parameters and metrics as recorded, one line each (key=value, in the order written): what an on-call reader needs.
            if (Pairs(v.Params) is { } parameters)
            {
                text.Append(CultureInfo.InvariantCulture, $"  params    {parameters}\n");
            }

            if (Pairs(v.Metrics) is { } metrics)
            {
                text.Append(CultureInfo.InvariantCulture, $"  metrics   {metrics}\n");
            }

            text.Append(v.Datasets.Count == 0 ? "  datasets  none on record (lineage-missing)\n" : "  datasets\n");
            foreach (var d in v.Datasets)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {d.Digest}  {d.Path}  ({d.Kind}{(d.Files is { } f ? $", {Counted.Of(f, "file")}" : "")}{(d.Bytes is { } b ? $", {b} bytes" : "")})\n");
            }

            foreach (var s in stages.Where(s => s.Name == v.Name && s.Version == v.Version))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {Time(s.At)}  {s.Stage}{(s.Reason.Length > 0 ? "  " + s.Reason : "")}\n");
            }
        }

        return text.ToString();
    }

    public static byte[] Json(IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, string? dataset = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (dataset is not null)
            {
                json.WriteString("dataset", dataset);
            }

            json.WriteStartArray("versions");
            foreach (var v in versions)
            {
                json.WriteStartObject();
                json.WriteString("name", v.Name);
                json.WriteString("version", v.Version);
                // Unknown (an MLflow export without creation_timestamp) is null, never 1970.
                json.WriteString("registeredAt", v.RegisteredAt is { } at ? Time(at) : null);
                json.WriteString("artifactDigest", v.ArtifactDigest);
                json.WriteString("artifactPath", v.ArtifactPath);
                json.WriteString("codeCommit", v.CodeCommit);
                json.WriteString("runId", v.RunId);
                json.WriteString("source", v.Source);
                Raw(json, "params", v.Params);
                Raw(json, "metrics", v.Metrics);
                json.WriteStartArray("datasets");
                foreach (var d in v.Datasets)
                {
                    json.WriteStartObject();
                    json.WriteString("digest", d.Digest);
                    json.WriteString("path", d.Path);
                    json.WriteString("kind", d.Kind);
                    if (d.Bytes is { } b)
                    {
                        json.WriteNumber("bytes", b);
                    }

                    if (d.Files is { } f)
                    {
                        json.WriteNumber("files", f);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("stages");
                foreach (var s in stages.Where(s => s.Name == v.Name && s.Version == v.Version))
                {
                    json.WriteStartObject();
                    json.WriteString("stage", s.Stage);
                    json.WriteString("at", Time(s.At));
                    json.WriteString("actor", s.Actor);
                    json.WriteString("reason", s.Reason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static byte[] LiveJson(string name, DateTimeOffset at, string? version, StageEvent? since)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("at", Time(at));
            json.WriteString("version", version);
            json.WriteString("since", since is null ? null : Time(since.At));
            json.WriteString("reason", since?.Reason);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Raw(Utf8JsonWriter json, string name, string? raw)
    {
        json.WritePropertyName(name);
        if (raw is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(raw, skipInputValidation: false);
        }
    }

    /// <summary>A JSON object as <c>key=value, …</c> on one line (a string without its quotes, anything else as compact JSON); other JSON as it is.</summary>
    private static string? Pairs(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            return TextSafe.Line(root.ValueKind == JsonValueKind.Object
                ? string.Join(", ", root.EnumerateObject().Select(p => $"{p.Name}={Compact(p.Value)}"))
                : Compact(root));
        }
        catch (JsonException)
        {
            return TextSafe.Line(raw); // recorded before it was checked: shown as it is
        }
    }

    private static string Compact(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Time(DateTimeOffset at) => Rfc3339.FormatMillis(at);
}
