using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>Structural comparison of JSON values, used to match inputs without ever printing them.</summary>
public static class JsonValues
{
    /// <summary>
    /// <see cref="JsonElement.DeepEquals"/>, which throws on a number whose exponent it cannot hold (<c>1e99999999999</c>),
    /// even two equal ones; such values are compared exactly instead (<see cref="Analysis.CanonicalValue.Equal"/>).
    /// </summary>
    public static bool DeepEquals(JsonElement a, JsonElement b)
    {
        try
        {
            return JsonElement.DeepEquals(a, b);
        }
        catch (ArgumentOutOfRangeException)
        {
            return Analysis.CanonicalValue.Equal(a, b);
        }
    }

    public static bool IsUnknown(JsonElement afterUnknown, string attribute) =>
        afterUnknown.ValueKind == JsonValueKind.True
        || (afterUnknown.ValueKind == JsonValueKind.Object && afterUnknown.TryGetProperty(attribute, out var flag) && flag.ValueKind == JsonValueKind.True);

    /// <summary>
    /// Whether <paramref name="attribute"/>'s after_unknown marks it, or anything inside it, unknown: a list with an
    /// unknown element (<c>triggers_replace = [module.x.id]</c> gives <c>[true]</c>) holds an unknown value.
    /// </summary>
    public static bool HoldsUnknown(JsonElement afterUnknown, string attribute) =>
        afterUnknown.ValueKind == JsonValueKind.True
        || (afterUnknown.ValueKind == JsonValueKind.Object && afterUnknown.TryGetProperty(attribute, out var flag) && AnyTrue(flag));

    private static bool AnyTrue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Array => value.EnumerateArray().Any(AnyTrue),
        JsonValueKind.Object => value.EnumerateObject().Any(m => AnyTrue(m.Value)),
        _ => false,
    };

    public static bool IsNullOrUndefined(JsonElement value) => value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
}
