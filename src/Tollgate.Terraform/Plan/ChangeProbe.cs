using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Reads past one <c>resource_changes</c> element while noting <c>change.actions</c>, <c>change.importing</c>,
/// <c>previous_address</c> and whether it has an <c>address</c>: enough to count a no-op and drop it without copying
/// or parsing it again. Most entries of a large plan are no-ops.
/// </summary>
internal sealed class ChangeProbe
{
    private readonly List<string> _actions = new(2);

    public IReadOnlyList<string> Actions => _actions;

    public bool HasPrevious { get; private set; }

    public bool Importing { get; private set; }

    public bool HasAddress { get; private set; }

    public bool IsObject { get; private set; }

    /// <summary>Consumes the element (the reader is on its first token); false when the buffer ends first.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        _actions.Clear();
        HasPrevious = Importing = HasAddress = false;
        IsObject = reader.TokenType == JsonTokenType.StartObject;
        if (!IsObject)
        {
            return reader.TrySkip();
        }

        var top = reader.CurrentDepth;
        var inChange = false;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.EndObject when depth == top:
                    return true;
                case JsonTokenType.PropertyName when depth == top + 1:
                    inChange = false;
                    if (reader.ValueTextEquals("change"u8))
                    {
                        if (!reader.Read())
                        {
                            return false;
                        }

                        inChange = reader.TokenType == JsonTokenType.StartObject;
                    }
                    else if (reader.ValueTextEquals("previous_address"u8))
                    {
                        if (!reader.Read())
                        {
                            return false;
                        }

                        HasPrevious = reader.TokenType == JsonTokenType.String;
                    }
                    else
                    {
                        HasAddress |= reader.ValueTextEquals("address"u8);
                    }

                    break;
                case JsonTokenType.PropertyName when inChange && depth == top + 2:
                    if (reader.ValueTextEquals("actions"u8))
                    {
                        if (!ReadActions(ref reader))
                        {
                            return false;
                        }
                    }
                    else if (reader.ValueTextEquals("importing"u8))
                    {
                        if (!reader.Read())
                        {
                            return false;
                        }

                        Importing = reader.TokenType == JsonTokenType.StartObject;
                        if (Importing && !reader.TrySkip())
                        {
                            return false;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private bool ReadActions(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return true;
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            _actions.Add(reader.TokenType == JsonTokenType.String ? ActionName(ref reader) : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
        }

        return false;
    }

    private static string ActionName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("no-op"u8) ? "no-op"
        : reader.ValueTextEquals("create"u8) ? "create"
        : reader.ValueTextEquals("delete"u8) ? "delete"
        : reader.ValueTextEquals("update"u8) ? "update"
        : reader.ValueTextEquals("read"u8) ? "read"
        : reader.GetString()!;
}
