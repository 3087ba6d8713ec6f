using System.Text.Json;

namespace Tollgate.Domain.Inputs;

/// <summary>What a JSON value is, in the words an error message uses ("expected a string, found an array").</summary>
public static class JsonKind
{
    public static string Of(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
