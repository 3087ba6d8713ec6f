using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Domain.Reports;

namespace Tollgate.Server.Integrations;

/// <summary>
/// A canary <c>hold</c> that is no judgement, for an answer that must be 2xx though nothing was judged or recorded
/// (Argo's web metric, Flagger's <c>rollout</c>): the whole core of docs/report-format.md, so a reader of
/// <c>$.summary.fail</c> or <c>$.findings</c> reads it as it reads a judged report: <c>tool</c>, <c>digest</c> null (no
/// analysis was made), a canary's <c>summary</c> of zeros, no findings, approvals or facts, the reason, and
/// <c>"recorded": false</c>.
/// </summary>
public static class HoldAnswer
{
    public static byte[] Utf8(string spec, string reason)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteString("name", ToolInfo.Current.Name);
            w.WriteString("version", ToolInfo.Current.Version);
            w.WriteEndObject();
            w.WriteString("kind", "canary");
            w.WriteString("subject", spec);
            w.WriteNull("digest");
            w.WriteString("verdict", "hold");
            w.WriteNumber("exitCode", 2);
            w.WriteString("reason", reason);
            w.WriteStartObject("summary");
            foreach (var key in (ReadOnlySpan<string>)["slices", "pass", "hold", "fail"])
            {
                w.WriteNumber(key, 0);
            }

            w.WriteEndObject();
            w.WriteStartArray("findings");
            w.WriteEndArray();
            w.WriteStartArray("approvals");
            w.WriteEndArray();
            w.WriteStartObject("facts");
            w.WriteEndObject();
            w.WriteBoolean("recorded", false);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
