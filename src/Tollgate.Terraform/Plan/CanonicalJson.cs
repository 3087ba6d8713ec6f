using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Writes a JSON value in one canonical form: object keys sorted ordinally, no whitespace, strings re-encoded,
/// numbers as written. Two documents that differ only in formatting or key order come out byte-identical.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = true };

    public static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, value);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value);
                var text = raw[1..^1];
                if (IsPlain(text))
                {
                    writer.WriteStringValue(text);
                }
                else
                {
                    writer.WriteStringValue(value.GetString());
                }

                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>
    /// An object with its members in ordinal order of their names. Names that are plain ASCII (almost all) are
    /// compared and written from the document's bytes, which orders them as their strings would; any other name is
    /// decoded to compare and write it.
    /// </summary>
    private static void WriteObject(Utf8JsonWriter writer, JsonElement value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateObject())
        {
            count++;
        }

        var properties = ArrayPool<JsonProperty>.Shared.Rent(count);
        try
        {
            var filled = 0;
            foreach (var property in value.EnumerateObject())
            {
                properties[filled++] = property;
            }

            var members = properties.AsSpan(0, count);
            members.Sort(CompareNames);
            writer.WriteStartObject();
            foreach (var property in members)
            {
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                if (IsPlain(name))
                {
                    writer.WritePropertyName(name);
                }
                else
                {
                    writer.WritePropertyName(property.Name);
                }

                Write(writer, property.Value);
            }

            writer.WriteEndObject();
        }
        finally
        {
            ArrayPool<JsonProperty>.Shared.Return(properties, clearArray: true);
        }
    }

    private static int CompareNames(JsonProperty a, JsonProperty b)
    {
        var x = JsonMarshal.GetRawUtf8PropertyName(a);
        var y = JsonMarshal.GetRawUtf8PropertyName(b);
        return IsPlain(x) && IsPlain(y) ? x.SequenceCompareTo(y) : string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>ASCII without escapes: the bytes are the text, and their order is the strings' ordinal order.</summary>
    private static bool IsPlain(ReadOnlySpan<byte> raw) => Ascii.IsValid(raw) && !raw.Contains((byte)'\\');

    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, Options);
}
