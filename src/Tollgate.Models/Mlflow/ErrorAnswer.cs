using System.Text.Json;
using Tollgate.Domain.Inputs;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// What an MLflow answer other than 200 says of itself, read once for every status: MLflow's error
/// (<c>{"error_code", "message"}</c>, <see cref="Code"/> a string), the <c>{"message"}</c> alone of MLflow's basic-auth
/// app, or text that is no Unicode text (<see cref="IllFormed"/>). Anything else (HTML from a proxy, JSON of another
/// shape) has neither: it is not MLflow speaking.
/// </summary>
internal readonly record struct ErrorAnswer(string? Code, string? Message, IllFormedText? IllFormed)
{
    /// <summary>The answer's own words: <c>CODE: message</c> of an MLflow error, a JSON object's non-empty <c>message</c>, else null.</summary>
    public string? Words => Code is not null ? $"{Code}: {Message}" : Message is { Length: > 0 } ? Message : null;

    public static ErrorAnswer Of(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var code = root.TryGetProperty("error_code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            return new(code, message, null);
        }
        catch (JsonException)
        {
            return default;
        }
        catch (Exception e) when (IllFormedText.Of(e) is { } problem)
        {
            return new(null, null, problem);
        }
    }
}
