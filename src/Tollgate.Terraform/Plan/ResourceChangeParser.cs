using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Terraform.Plan;

/// <summary>Parses one <c>resource_changes</c> element that changes something, and adds it to the digest.</summary>
internal static class ResourceChangeParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = StreamingJsonWalker.MaxDepth };

    public static ResourceChange Parse(ReadOnlySpan<byte> json, ChangeDigest digest, RepeatedStrings? repeated = null)
    {
        repeated ??= new RepeatedStrings();
        // The element is parsed from a pooled copy for the digest and the scalar fields, and both are returned at once.
        // The change keeps one copy of the bytes of its change object alone (actions, values and their masks: what the
        // rules that read values parse then, ChangeBody), not of the members already read here.
        var rented = ArrayPool<byte>.Shared.Rent(json.Length);
        try
        {
            json.CopyTo(rented);
            using var document = JsonDocument.Parse(rented.AsMemory(0, json.Length), Options);
            return Parse(document.RootElement, digest, repeated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ResourceChange Parse(JsonElement root, ChangeDigest digest, RepeatedStrings repeated)
    {
        var address = Str(root, "address") ?? throw new InvalidInputException("a resource_changes entry has no address");
        var deposed = Str(root, "deposed");
        var change = Prop(root, "change");
        var actions = repeated.Actions(Prop(change, "actions"));
        var previous = Str(root, "previous_address");
        var importing = Prop(change, "importing").ValueKind == JsonValueKind.Object;
        if (!actions.IsNoOp || previous is not null || importing)
        {
            digest.AddResourceChange(root, address, deposed);
        }

        return new ResourceChange(address, Repeated(root, "mode", repeated) ?? "managed", Repeated(root, "type", repeated) ?? "", Str(root, "name") ?? "", actions)
        {
            PreviousAddress = previous,
            ModuleAddress = Str(root, "module_address") ?? "",
            Index = root.TryGetProperty("index", out var index) ? (index.ValueKind == JsonValueKind.String ? index.GetString() : index.GetRawText()) : null,
            Deposed = deposed,
            ProviderName = Repeated(root, "provider_name", repeated) ?? "",
            ActionReason = Repeated(root, "action_reason", repeated),
            ReplacePaths = ReplacePaths(change),
            Body = change.ValueKind == JsonValueKind.Object ? new ChangeBody(JsonMarshal.GetRawUtf8Value(change).ToArray()) : ChangeBody.Empty,
            MarksSensitive = Marks(Prop(change, "before_sensitive")) || Marks(Prop(change, "after_sensitive")),
            Importing = importing,
        };
    }

    /// <summary>Whether a sensitivity mask holds a <c>true</c> anywhere: what <see cref="SensitivePaths.Of"/> lists a path for.</summary>
    private static bool Marks(JsonElement mask) => mask.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Object => mask.EnumerateObject().Any(p => Marks(p.Value)),
        JsonValueKind.Array => mask.EnumerateArray().Any(Marks),
        _ => false,
    };

    private static IReadOnlyList<IReadOnlyList<string>> ReplacePaths(JsonElement change)
    {
        if (Prop(change, "replace_paths") is not { ValueKind: JsonValueKind.Array } paths)
        {
            return [];
        }

        var result = new List<IReadOnlyList<string>>();
        foreach (var path in paths.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Array))
        {
            result.Add(path.EnumerateArray()
                .Select(step => step.ValueKind == JsonValueKind.Number
                    ? step.GetRawText()
                    : step.GetString() ?? "")
                .ToList());
        }

        return result;
    }

    internal static JsonElement Prop(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : default;

    private static string? Repeated(JsonElement owner, string name, RepeatedStrings repeated) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? repeated.Of(value) : null;

    internal static string? Str(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
