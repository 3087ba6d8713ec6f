using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The values of one resource change (<c>before</c>, <c>after</c> and their masks), kept as the element's UTF-8
/// bytes and parsed the first time a rule reads one. A plan that destroys 200,000 objects keeps 200,000 byte arrays,
/// not 200,000 parsed documents: most rules never read the values of most changes (rename detection reads those of
/// types that are both destroyed and created, policies those they are asked about).
/// </summary>
internal sealed class ChangeBody(ReadOnlyMemory<byte> element)
{
    private Parsed? _parsed;

    /// <summary>A change without values (one built in code, not read from a plan).</summary>
    public static ChangeBody Empty { get; } = new(ReadOnlyMemory<byte>.Empty);

    /// <summary>The parsed values; parsed once, and safe to read from several threads (a race parses twice, harmlessly).</summary>
    public Parsed Values => _parsed ??= Parse(element);

    private static Parsed Parse(ReadOnlyMemory<byte> element)
    {
        if (element.IsEmpty)
        {
            return new Parsed(default, default, default, default, default);
        }

        var reader = new Utf8JsonReader(element.Span, new JsonReaderOptions { MaxDepth = StreamingJsonWalker.MaxDepth });
        var root = JsonElement.ParseValue(ref reader);
        var change = ResourceChangeParser.Prop(root, "change");
        return new Parsed(
            ResourceChangeParser.Prop(change, "before"),
            ResourceChangeParser.Prop(change, "after"),
            ResourceChangeParser.Prop(change, "after_unknown"),
            ResourceChangeParser.Prop(change, "before_sensitive"),
            ResourceChangeParser.Prop(change, "after_sensitive"));
    }

    internal sealed record Parsed(JsonElement Before, JsonElement After, JsonElement AfterUnknown, JsonElement BeforeSensitive, JsonElement AfterSensitive);
}
