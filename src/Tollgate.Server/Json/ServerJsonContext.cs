using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Server.Json;

/// <summary>
/// The types the OpenAPI document describes, source-generated so the Native AOT binary needs no reflection. The routes
/// themselves read bodies field by field (so a 400 names the field) and write answers with <see cref="Utf8JsonWriter"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FlaggerWebhook))]
[JsonSerializable(typeof(ApprovalBody))]
[JsonSerializable(typeof(ApprovalAnswer))]
[JsonSerializable(typeof(VerdictAnswer))]
[JsonSerializable(typeof(VerdictPage))]
[JsonSerializable(typeof(VerdictEntry))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
