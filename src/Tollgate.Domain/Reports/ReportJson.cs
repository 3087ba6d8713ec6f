using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Reports;

/// <summary>Writes the JSON core of docs/report-format.md. Field names here are a public contract: add, never rename.</summary>
public static class ReportJson
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How much the writer holds before it passes it to the stream: a report of any size streams.</summary>
    private const int FlushBytes = 1 << 16;

    public static string Serialize(Report report, bool indented = true) => System.Text.Encoding.UTF8.GetString(ToUtf8(report, indented));

    /// <summary>The report as UTF-8 bytes, written once: what a server answers without a detour through a string.</summary>
    public static byte[] ToUtf8(Report report, bool indented = true)
    {
        using var buffer = new MemoryStream(4096);
        Write(buffer, report, indented);
        return buffer.ToArray();
    }

    /// <summary>
    /// The compact report as UTF-8 and its findings as the ledger stores them (<see cref="SerializeFindings"/>), written
    /// once for both: the stored findings are the report's findings array with each finding's module (which only the
    /// ledger keeps) spliced in after its address, where <see cref="WriteFinding"/> puts it.
    /// </summary>
    public static (byte[] Utf8, string StoredFindings) ToUtf8WithStoredFindings(Report report)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var modules = new List<(long At, string Module)>();
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            Write(w, report, modules, out var start, out var end);
            w.Flush();
            var utf8 = buffer.WrittenSpan.ToArray();
            var stored = new ArrayBufferWriter<byte>((int)(end - start) + (modules.Count * 32));
            var from = start;
            foreach (var (at, module) in modules)
            {
                stored.Write(utf8.AsSpan((int)from, (int)(at - from)));
                stored.Write(",\"module\":\""u8);
                stored.Write(JsonEncodedText.Encode(module, Compact.Encoder).EncodedUtf8Bytes);
                stored.Write("\""u8);
                from = at;
            }

            stored.Write(utf8.AsSpan((int)from, (int)(end - from)));
            return (utf8, System.Text.Encoding.UTF8.GetString(stored.WrittenSpan));
        }
    }

    public static void Write(Stream stream, Report report, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, indented ? Indented : Compact);
        Write(w, report, null, out _, out _);
    }

    /// <param name="modules">When given, collects where each finding's module would follow its address.</param>
    /// <param name="findingsStart">Where the findings array's <c>[</c> is in what <paramref name="w"/> has written.</param>
    /// <param name="findingsEnd">Just past its <c>]</c>.</param>
    private static void Write(Utf8JsonWriter w, Report report, List<(long At, string Module)>? modules, out long findingsStart, out long findingsEnd)
    {
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteString("name", report.Tool.Name);
        w.WriteString("version", report.Tool.Version);
        w.WriteEndObject();
        w.WriteString("kind", report.Kind);
        w.WriteString("subject", report.Subject);
        w.WriteString("digest", report.Digest);
        w.WriteString("verdict", report.Verdict.WireName());
        w.WriteNumber("exitCode", report.ExitCode);
        if (report.Reason.Length > 0)
        {
            w.WriteString("reason", report.Reason);
        }

        w.WriteStartObject("summary");
        foreach (var (key, value) in report.Summary)
        {
            w.WriteNumber(key, value);
        }

        w.WriteEndObject();
        w.WriteStartArray("findings");
        findingsStart = w.BytesCommitted + w.BytesPending - 1;
        foreach (var finding in report.Findings)
        {
            WriteFinding(w, finding, modules: modules);
            if (w.BytesPending > FlushBytes)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
        findingsEnd = w.BytesCommitted + w.BytesPending;
        WriteApprovals(w, report.Approvals);
        if (report.Notes.Count > 0)
        {
            w.WriteStartArray("notes");
            foreach (var note in report.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
        }

        if (report.Figures.Count > 0)
        {
            WriteFigures(w, report.Figures);
        }

        if (report.Facts.Count > 0)
        {
            w.WriteStartObject("facts");
            foreach (var (key, value) in report.Facts)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary><c>"figures": [{"address":…,"slice":…,"test":…,"flagged":…, one number per value}]</c>.</summary>
    private static void WriteFigures(Utf8JsonWriter w, IReadOnlyList<ReportFigure> figures)
    {
        w.WriteStartArray("figures");
        foreach (var figure in figures)
        {
            w.WriteStartObject();
            w.WriteString("address", figure.Address);
            w.WriteString("slice", figure.Slice);
            w.WriteString("test", figure.Test);
            w.WriteBoolean("flagged", figure.Flagged);
            foreach (var (name, value) in figure.Values)
            {
                if (double.IsFinite(value))
                {
                    w.WriteNumber(name, value);
                }
            }

            w.WriteEndObject();
            if (w.BytesPending > FlushBytes)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
    }

    /// <summary>The findings alone, as the ledger stores them, as one string (<see cref="StoredFindings"/> decoded).</summary>
    public static string SerializeFindings(IReadOnlyList<Finding> findings) => StoredFindings(findings).ToString();

    /// <summary>
    /// The findings alone, as the ledger stores them, written in UTF-8 segments: many findings make neither one
    /// string nor one buffer of their bytes (the ledger writes the segments as they are).
    /// </summary>
    public static StoredJson StoredFindings(IReadOnlyList<Finding> findings)
    {
        var stored = new StoredJson();
        using (var w = new Utf8JsonWriter(stored, Compact))
        {
            w.WriteStartArray();
            foreach (var finding in findings)
            {
                WriteFinding(w, finding, withModule: true);
                if (w.BytesPending > FlushBytes)
                {
                    w.Flush();
                }
            }

            w.WriteEndArray();
        }

        return stored;
    }

    /// <param name="withModule">The ledger keeps the finding's module, so an approval by digest meets the policy's
    /// <c>module:</c> approver globs as the gate did; the report format does not show it.</param>
    /// <param name="modules">Collects where the module would be written (a report written once for both).</param>
    private static void WriteFinding(Utf8JsonWriter w, Finding finding, bool withModule = false, List<(long At, string Module)>? modules = null)
    {
        w.WriteStartObject();
        w.WriteString("rule", finding.Rule);
        w.WriteString("severity", finding.Severity.WireName());
        w.WriteString("address", finding.Address);
        if (withModule && finding.Module.Length > 0)
        {
            w.WriteString("module", finding.Module);
        }
        else if (modules is not null && finding.Module.Length > 0)
        {
            modules.Add((w.BytesCommitted + w.BytesPending, finding.Module));
        }

        w.WriteString("message", finding.Message);
        if (finding.Suggestion is not null)
        {
            w.WriteString("suggestion", finding.Suggestion);
        }

        w.WriteStartArray("related");
        foreach (var related in finding.Related)
        {
            w.WriteStringValue(related);
        }

        w.WriteEndArray();
        w.WritePropertyName("evidence");
        if (finding.Evidence is WrittenEvidenceDictionary written && !w.Options.Indented)
        {
            w.WriteRawValue(written.CompactUtf8, skipInputValidation: true);
        }
        else
        {
            WriteValue(w, finding.Evidence);
        }
        if (finding.Location is { } location)
        {
            w.WriteStartObject("location");
            w.WriteString("file", location.File);
            w.WriteNumber("line", location.Line);
            if (location.Column > 0)
            {
                w.WriteNumber("column", location.Column);
            }

            // Where the whole span is known (an HCL block or attribute, a .tf.json property, a manifest node), where it
            // ends: endColumn is the column just after its last character, as SARIF's region has it.
            if (location is { Line: > 0, EndLine: > 0, EndColumn: > 0 })
            {
                w.WriteNumber("endLine", location.EndLine);
                w.WriteNumber("endColumn", location.EndColumn);
            }

            w.WriteEndObject();
        }
        if (finding.Suppression is { } suppression)
        {
            w.WriteStartObject("suppression");
            w.WriteString("kind", suppression.Kind);
            w.WriteString("reason", suppression.Reason);
            WriteSuppressionDetails(w, suppression);

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// The report's <c>approvals</c>: by, reason, at (the round-trip <c>O</c> format) and digest
    /// of each; the verdicts' JSON lists an entry's approvals with it.
    /// </summary>
    public static void WriteApprovals(Utf8JsonWriter w, IReadOnlyList<Approval> approvals)
    {
        w.WriteStartArray("approvals");
        foreach (var approval in approvals)
        {
            w.WriteStartObject();
            w.WriteString("by", approval.By);
            w.WriteString("reason", approval.Reason);
            w.WriteString("at", approval.At.ToString("O"));
            w.WriteString("digest", approval.Digest);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The owner, expiry and address pattern of an applied exception, each only when it is set.</summary>
    public static void WriteSuppressionDetails(Utf8JsonWriter w, Suppression suppression)
    {
        if (suppression.Owner is not null)
        {
            w.WriteString("owner", suppression.Owner);
        }

        if (suppression.Expires is { } expires)
        {
            w.WriteString("expires", expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (suppression.Pattern is not null)
        {
            w.WriteString("pattern", suppression.Pattern);
        }
    }

    /// <summary>One value (<see cref="WriteValue"/>) as compact UTF-8 JSON, encoded as a compact report is.</summary>
    public static byte[] ValueToUtf8(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            WriteValue(w, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the plain values evidence may hold: scalars, lists and string-keyed maps of them.</summary>
    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                w.WriteNumberValue(d);
                break;
            case double:
                // JSON has no NaN or infinity: a figure with no value (a rate without requests) is null, never the
                // string "NaN" or "Infinity" where readers expect a number; the finding's message or reason says why.
                w.WriteNullValue();
                break;
            case decimal m:
                w.WriteNumberValue(m);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                w.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    w.WritePropertyName(key);
                    WriteValue(w, item);
                }

                w.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> stringMap:
                w.WriteStartObject();
                foreach (var (key, item) in stringMap)
                {
                    w.WriteString(key, item);
                }

                w.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
