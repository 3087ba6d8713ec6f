using System.Text.Json.Serialization;

namespace Tollgate.Models.Profiles;

/// <summary>Source-generated JSON for profile files (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DatasetProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
