using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tollgate.Server.Integrations;

/// <summary>
/// A canary <c>hold</c> that is no judgement, for an answer that must be 2xx though nothing was judged or recorded
/// (Argo's web metric, Flagger's <c>rollout</c>): the report's core fields with the reason and <c>"recorded": false</c>.
/// </summary>
public static class HoldAnswer
{
    public static byte[] Utf8(string spec, string reason)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("kind", "canary");
            w.WriteString("subject", spec);
            w.WriteString("verdict", "hold");
            w.WriteNumber("exitCode", 2);
            w.WriteString("reason", reason);
            w.WriteBoolean("recorded", false);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
