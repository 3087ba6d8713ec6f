using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Server.Json;

/// <summary>
/// The types the OpenAPI document describes, source-generated so the Native AOT binary needs no reflection. The routes
/// themselves read bodies field by field (so a 400 names the field) and write answers with <see cref="Utf8JsonWriter"/>.
/// Numbers are strict (not the web defaults' numbers-as-strings), so the document types them as plain integers, as
/// the server writes them.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(FlaggerWebhook))]
[JsonSerializable(typeof(ArgoAnalysisBody))]
[JsonSerializable(typeof(ApprovalBody))]
[JsonSerializable(typeof(ApprovalAnswer))]
[JsonSerializable(typeof(VerdictAnswer))]
[JsonSerializable(typeof(VerdictPage))]
[JsonSerializable(typeof(VerdictEntry))]
[JsonSerializable(typeof(IngestAnswer))]
[JsonSerializable(typeof(HealthAnswer))]
[JsonSerializable(typeof(RolloutReady))]
[JsonSerializable(typeof(RolloutRecorded))]
[JsonSerializable(typeof(ProblemAnswer))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
