using System.Text.Json;
using Tollgate.Domain.Reports;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Reads past one <c>resource_changes</c> element while noting <c>change.actions</c>, <c>change.importing</c>,
/// <c>previous_address</c> and whether it has an <c>address</c>: enough to count a no-op and drop it without copying
/// or parsing it again. Most entries of a large plan are no-ops. On the way it checks the element's shape as terraform
/// writes it (<see cref="Problem"/>), so a broken entry is refused rather than counted as unchanged.
/// </summary>
internal sealed class ChangeProbe
{
    private readonly List<string> _actions = new(2);
    private readonly MemberSet _entryMembers = new(ChangeShape.EntryMembers);
    private readonly MemberSet _changeMembers = new(ChangeShape.ChangeMembers);

    public IReadOnlyList<string> Actions => _actions;

    public bool HasPrevious { get; private set; }

    /// <summary>True for a data source's entry (<c>mode: data</c>).</summary>
    public bool IsData { get; private set; }

    /// <summary>True for a deposed object's entry (it has <c>deposed</c>).</summary>
    public bool Deposed => _entryMembers.Has("deposed");

    public bool Importing { get; private set; }

    /// <summary>What is wrong with the element's shape, as a path relative to it and a description; null when sound.</summary>
    public string? Problem { get; private set; }

    /// <summary>Consumes the element (the reader is on its first token); false when the buffer ends first.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        _actions.Clear();
        _entryMembers.Clear();
        _changeMembers.Clear();
        HasPrevious = Importing = false;
        IsData = false;
        Problem = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Problem = "is not an object";
            return reader.TrySkip();
        }

        var top = reader.CurrentDepth;
        var inChange = false;
        var sawActions = false;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.EndObject when depth == top:
                    Problem ??= MissingMember(sawActions);
                    return true;
                case JsonTokenType.EndObject when inChange && depth == top + 1:
                    inChange = false;
                    break;
                case JsonTokenType.PropertyName when depth == top + 1:
                    inChange = false;
                    if (_entryMembers.Add(ref reader) is { } repeated)
                    {
                        Problem ??= $"has {repeated} twice";
                    }

                    if (reader.ValueTextEquals("mode"u8))
                    {
                        if (!reader.Read())
                        {
                            return false;
                        }

                        Problem ??= Mode(ref reader);
                        IsData = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("data"u8);
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                        {
                            return false;
                        }

                        break;
                    }

                    if (!reader.ValueTextEquals("change"u8) && !reader.ValueTextEquals("previous_address"u8) && !reader.ValueTextEquals("address"u8))
                    {
                        break;
                    }

                    var isChange = reader.ValueTextEquals("change"u8);
                    var isAddress = reader.ValueTextEquals("address"u8);
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (isChange)
                    {
                        inChange = reader.TokenType == JsonTokenType.StartObject;
                        Problem ??= inChange ? null : "change is not an object";
                    }
                    else if (isAddress)
                    {
                        Problem ??= reader.TokenType == JsonTokenType.String ? null : "address is not a string";
                    }
                    else
                    {
                        HasPrevious = reader.TokenType == JsonTokenType.String;
                    }

                    break;
                case JsonTokenType.PropertyName when inChange && depth == top + 2:
                    if (_changeMembers.Add(ref reader) is { } twice)
                    {
                        Problem ??= $"has change.{twice} twice";
                    }

                    if (reader.ValueTextEquals("actions"u8))
                    {
                        sawActions = true;
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

    /// <summary>
    /// What is wrong with a <c>mode</c>: terraform writes <c>managed</c> or <c>data</c> and nothing else (a plan's changes
    /// hold no ephemeral resources), and the rules read every other mode as not managed, so a destroy under
    /// <c>"mode": "Managed"</c> would pass unseen.
    /// </summary>
    private static string? Mode(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? "mode is not a string"
        : reader.ValueTextEquals("managed"u8) || reader.ValueTextEquals("data"u8) ? null
        : $"has mode '{TextSafe.Line(reader.GetString()!)}', where terraform writes managed or data";

    private string? MissingMember(bool sawActions) =>
        !_entryMembers.Has("address") ? "has no address"
        : !_entryMembers.Has("change") ? "has no change"
        : !sawActions ? "has no change.actions"
        : null;

    private bool ReadActions(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Problem ??= "change.actions is not an array";
            return reader.TokenType is not (JsonTokenType.StartObject) || reader.TrySkip();
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                Problem ??= ChangeShape.IsKnown(_actions) ? null
                    : _actions.Count == 0 ? "change.actions is empty"
                    : "change.actions is not an action list terraform writes";
                return true;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                Problem ??= "change.actions holds a value that is not a string";
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                {
                    return false;
                }

                continue;
            }

            _actions.Add(ChangeShape.ActionName(ref reader));
        }

        return false;
    }
}
