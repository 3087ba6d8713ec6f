using System.Text.Json;
using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// What the plan reader keeps of a <c>prior_state</c> resource's <c>values</c>: the identities and owner tags of
/// <see cref="StateFacts"/> (same attributes, same result as <see cref="StateFacts.ReadFile"/>), noted by a probe while
/// the values are tokenized once on the way past, never copied or parsed into a DOM.
/// </summary>
internal sealed class PriorStateIdentities
{
    private readonly List<(string Attribute, string Value)> _probedIds = [];
    private readonly List<(string Attribute, string Value)> _pendingIds = [];
    private readonly List<string> _directOwners = [];
    private readonly List<string> _wrappedOwners = [];
    private string? _probedOwner;
    private string? _pendingOwner;
    private string? _address;

    public StateFacts Facts { get; } = new();

    /// <summary>A new resource object starts: what follows belongs to it.</summary>
    public void BeginResource()
    {
        _address = null;
        _pendingIds.Clear();
        _pendingOwner = null;
    }

    /// <summary>The resource's instance address (Terraform writes it before <c>values</c>, but either order works).</summary>
    public void SetAddress(string? address)
    {
        _address = address is null ? null : address.Contains('[', StringComparison.Ordinal) ? ResourceAddress.ConfigOf(address) : address;
        Flush();
    }

    /// <summary>The last probed <c>values</c> object was captured: keep what the probe noted.</summary>
    public void Captured()
    {
        _pendingIds.AddRange(_probedIds);
        _pendingOwner = _probedOwner ?? _pendingOwner;
        Flush();
    }

    /// <summary>Consumes a <c>values</c> object (the reader is on its first token) noting identities and owner tags; false when the buffer ends first.</summary>
    public bool Probe(ref Utf8JsonReader reader)
    {
        _probedIds.Clear();
        _probedOwner = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return reader.TrySkip();
        }

        var top = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == top)
            {
                return true;
            }

            // At top + 1 every token here is a property name: values are consumed below.
            var name = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            var identity = StateFacts.IsIdentity(name);
            var tags = !identity && StateFacts.HoldsTags(name);
            var attribute = identity ? AttributeName(ref reader) : null;
            if (!reader.Read())
            {
                return false;
            }

            if (identity && reader.TokenType == JsonTokenType.String)
            {
                _probedIds.Add((attribute!, reader.GetString()!));
            }
            else if (tags && reader.TokenType == JsonTokenType.StartObject)
            {
                if (!ReadTags(ref reader))
                {
                    return false;
                }
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    private void Flush()
    {
        if (_address is null)
        {
            return;
        }

        foreach (var (attribute, value) in _pendingIds)
        {
            Facts.Add(_address, attribute, value);
        }

        if (_pendingOwner is not null)
        {
            Facts.OwnerTags[_address] = _pendingOwner;
        }

        _pendingIds.Clear();
        _pendingOwner = null;
    }

    /// <summary>
    /// An object of tags: its <c>owner</c>/<c>team</c> keys, or those of its <c>value</c> object when it has one
    /// (state files wrap <c>terraform_data</c>'s input as <c>{"value": …, "type": …}</c>). The last key wins.
    /// </summary>
    private bool ReadTags(ref Utf8JsonReader reader)
    {
        _directOwners.Clear();
        _wrappedOwners.Clear();
        var wrapped = false;
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                var owners = wrapped ? _wrappedOwners : _directOwners;
                _probedOwner = owners.Count > 0 ? owners[^1] : _probedOwner;
                return true;
            }

            var isValue = reader.ValueTextEquals("value"u8);
            var isOwner = IsOwnerKey(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            if (isValue)
            {
                wrapped = reader.TokenType == JsonTokenType.StartObject;
                if (wrapped)
                {
                    _wrappedOwners.Clear();
                    if (!ReadOwners(ref reader, _wrappedOwners))
                    {
                        return false;
                    }

                    continue;
                }
            }

            if (isOwner && reader.TokenType == JsonTokenType.String)
            {
                _directOwners.Add(reader.GetString()!);
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    private static bool ReadOwners(ref Utf8JsonReader reader, List<string> owners)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                return true;
            }

            var isOwner = IsOwnerKey(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            if (isOwner && reader.TokenType == JsonTokenType.String)
            {
                owners.Add(reader.GetString()!);
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsOwnerKey(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped
            ? StateFacts.IsOwnerKey(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!))
            : StateFacts.IsOwnerKey(reader.ValueSpan);

    private static string AttributeName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? "id"
        : reader.ValueTextEquals("arn"u8) ? "arn"
        : reader.ValueTextEquals("name"u8) ? "name"
        : reader.ValueTextEquals("output"u8) ? "output"
        : reader.GetString()!;
}
