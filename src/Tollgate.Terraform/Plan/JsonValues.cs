using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>Structural comparison of JSON values, used to match inputs without ever printing them.</summary>
public static class JsonValues
{
    public static bool DeepEquals(JsonElement a, JsonElement b) => JsonElement.DeepEquals(a, b);

    public static bool IsUnknown(JsonElement afterUnknown, string attribute) =>
        afterUnknown.ValueKind == JsonValueKind.True
        || (afterUnknown.ValueKind == JsonValueKind.Object && afterUnknown.TryGetProperty(attribute, out var flag) && flag.ValueKind == JsonValueKind.True);

    public static bool IsNullOrUndefined(JsonElement value) => value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
}
