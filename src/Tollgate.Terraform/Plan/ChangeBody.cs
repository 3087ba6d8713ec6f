using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The values of one resource change (<c>before</c>, <c>after</c> and their masks), kept as the UTF-8 bytes of the
/// element's <c>change</c> object and parsed the first time a rule reads one. A plan that destroys 200,000 objects keeps 200,000 byte arrays,
/// not 200,000 parsed documents: most rules never read the values of most changes (rename detection reads those of
/// types that are both destroyed and created, policies those they are asked about).
/// </summary>
internal sealed class ChangeBody(ReadOnlyMemory<byte> change)
{
    private Parsed? _parsed;

    /// <summary>A change without values (one built in code, not read from a plan).</summary>
    public static ChangeBody Empty { get; } = new(ReadOnlyMemory<byte>.Empty);

    /// <summary>The parsed values; parsed once, and safe to read from several threads (a race parses twice, harmlessly).</summary>
    public Parsed Values => _parsed ??= Parse(change);

    private static Parsed Parse(ReadOnlyMemory<byte> change)
    {
        if (change.IsEmpty)
        {
            return new Parsed(default, default, default, default, default);
        }

        var reader = new Utf8JsonReader(change.Span, new JsonReaderOptions { MaxDepth = StreamingJsonWalker.MaxDepth });
        var values = JsonElement.ParseValue(ref reader);
        return new Parsed(
            ResourceChangeParser.Prop(values, "before"),
            ResourceChangeParser.Prop(values, "after"),
            ResourceChangeParser.Prop(values, "after_unknown"),
            ResourceChangeParser.Prop(values, "before_sensitive"),
            ResourceChangeParser.Prop(values, "after_sensitive"));
    }

    internal sealed record Parsed(JsonElement Before, JsonElement After, JsonElement AfterUnknown, JsonElement BeforeSensitive, JsonElement AfterSensitive);
}
